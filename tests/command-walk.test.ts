/**
 * The class, not the instance: every command /help lists for each role, in Chinese and in English, walked through the
 * real handleInbound with good input and with four kinds of bad argument (nothing, far too long, emoji only, the wrong
 * type). Every answer must be in the asker's language, free of library text and crashes; every bad argument must say
 * what is allowed and leave every table as it was.
 */
import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '../db/client';
import { rawRows } from '../db/client';
import { groups, members } from '../db/schema';
import { coreTexts } from '../src/commands/commands.text';
import type { Lang } from '../src/i18n';
import { createMember } from '../src/org/org.service';
import { DEMO_FAMILY, DEMO_GROUP, DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { forEachBackend } from './harness/backends';
import { ChatHarness } from './harness/chat-harness';

/** Tuesday 2026-12-01, 10:00 in Shanghai: a workday, after the morning prompt. */
const NOW = new Date('2026-12-01T02:00:00Z');

const PERSONA = { secretary: '李书记', leader: '王组长', member: '张云', volunteer: '赵志愿' } as const;
type Role = keyof typeof PERSONA;

type Step = { as: string; text: string; inGroup?: boolean };
/** A good use of each command, with what it needs done first. `{CODE}` is a fresh invite code; `{LANG}` the walk's language. */
type Good = Step & { before?: Step[] };

const GOOD: Record<string, Good> = {
  '/help': { as: '张云', text: '/help' },
  '/join': { as: 'walk-stranger-1', text: '/join {CODE}' },
  '/start': { as: 'walk-stranger-2', text: '/start {CODE}' },
  '/whoami': { as: '张云', text: '/whoami' },
  '/lang': { as: '陈闽', text: '/lang {LANG}' },
  '/bind': { as: '王组长', text: `/bind ${DEMO_GROUP}`, inGroup: true },
  '/group add': { as: '李书记', text: '/group add 烟叶收购党小组' },
  '/group list': { as: '李书记', text: '/group list' },
  '/member add': { as: '李书记', text: `/member add 周新 group=${DEMO_GROUP}` },
  '/member list': { as: '王组长', text: '/member list' },
  '/member set': { as: '李书记', text: '/member set 陈闽 station 福建三明' },
  '/member remove': { as: '李书记', text: '/member remove 周新' },
  '/invite': { as: '王组长', text: '/invite 陈闽' },
  '/settings': { as: '王组长', text: '/settings checkin.remind 12:00,18:00' },
  '/checkin': { as: '张云', text: '/checkin 云南曲靖 在岗 一切正常' },
  '/unreported': { as: '王组长', text: '/unreported' },
  '/remind': { as: '王组长', text: '/remind' },
  '/today': { as: '王组长', text: '/today' },
  '/my': { as: '张云', text: '/my 7' },
  '/attendance': { as: '张云', text: '/attendance' },
  '/leave': { as: '刘川', text: '/leave 2026-12-10 2026-12-12 回家探亲' },
  '/approve': { as: '王组长', text: '/approve 1' },
  '/reject': { as: '王组长', text: '/reject 2 人手不足', before: [{ as: '陈闽', text: '/leave 2026-12-14 2026-12-15 家中有事' }] },
  '/back': { as: '刘川', text: '/back' },
  '/leaves': { as: '张云', text: '/leaves' },
  '/study post': { as: '王组长', text: '/study post 学习党章 | 第一章 总纲 | 截止 2026-12-06 18:00' },
  '/studied': { as: '张云', text: '/studied 1 今天学习了党章第一章，对党的性质和宗旨有了更深的体会。' },
  '/study status': { as: '王组长', text: '/study status 1' },
  '/study list': { as: '张云', text: '/study list' },
  '/study relay': { as: '王组长', text: '/study relay 1 0 20 * * 2' },
  '/classroom main': { as: '李书记', text: '/classroom main', inGroup: true },
  '/meeting new': { as: '王组长', text: '/meeting new 党小组会 2026-12-08 20:00 学习二十大精神 | 视频' },
  '/signin': { as: '张云', text: '/signin 1' },
  '/meeting leave': { as: '刘川', text: '/meeting leave 1 在外收购烟叶' },
  '/meeting minutes': { as: '王组长', text: '/meeting minutes 1 学习了二十大报告第一部分，大家结合收购工作谈了体会。' },
  '/meeting report': { as: '王组长', text: '/meeting report 1' },
  '/meeting list': { as: '张云', text: '/meeting list' },
  '/meeting cancel': { as: '王组长', text: '/meeting cancel 1' },
  '/orglife': { as: '李书记', text: '/orglife' },
  '/family add': { as: '张云', text: '/family add 王芳 妻子 曲靖市麒麟区 13812345678' },
  '/family list': { as: '张云', text: '/family list' },
  '/family': { as: '张云', text: '/family' },
  '/family remove': { as: '张云', text: '/family remove 王芳' },
  '/care': { as: '张云', text: '/care 家访 母亲腿脚不便，想请志愿者上门看看' },
  '/care mine': { as: '张云', text: '/care mine' },
  '/care cancel': { as: '张云', text: '/care cancel 2', before: [{ as: '张云', text: '/care 问需 家里想问问取暖补贴怎么申请' }] },
  '/care list': { as: '李书记', text: '/care list' },
  '/care take': { as: '赵志愿', text: '/care take 1' },
  '/care assign': { as: '李书记', text: '/care assign 1 赵志愿' },
  '/care done': { as: '赵志愿', text: '/care done 1 已上门看望，老人身体尚好' },
  '/care stats': { as: '李书记', text: '/care stats' },
  '/duty': { as: '赵志愿', text: '/duty on' },
  '/visit': { as: '赵志愿', text: '/visit 张云 看望了母亲，身体尚好' },
  '/report': { as: '王组长', text: '/report week' },
  '/export': { as: '李书记', text: '/export checkins' },
  '/calendar': { as: '李书记', text: '/calendar 2027' },
  '/calendar add': { as: '李书记', text: '/calendar add 2027-02-07 workday 春节调休' },
  '/calendar remove': { as: '李书记', text: '/calendar remove 2027-02-07' },
  '/audit': { as: '李书记', text: '/audit 7' },
};

/** The wrong type where the command's first argument is free text that would take anything. */
const WRONG_TYPE: Record<string, string> = {
  '/checkin': '2026-02-30 在岗',
  '/care': '搬家 帮忙',
  '/visit': '不存在的人 看望',
  '/member add': '12345',
  '/group add': '12345',
};
const BAD = (label: string) => ({
  empty: '',
  'too long': 'a'.repeat(5000),
  'emoji only': '🙂🙂🙂',
  'wrong type': WRONG_TYPE[label] ?? '-1.5',
});

/** Bookkeeping that a refused command may touch: the message de-duplication, leases, job slots, the join throttle. */
const BOOKKEEPING = new Set(['processed_messages', 'leases', 'job_runs', 'join_throttle', '__drizzle_migrations']);

async function tableDigest(db: Db): Promise<Record<string, string>> {
  const tables = await rawRows<{ t: string }>(db, sql`select tablename as t from pg_tables where schemaname = 'public' order by 1`);
  const from = (t: string) => (t === 'accounts' ? '(select platform, external_id, member_id, display_name from accounts)' : `"${t}"`);
  const parts = tables
    .filter(({ t }) => !BOOKKEEPING.has(t))
    .map(({ t }) => `select '${t}' as t, count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from ${from(t)} x`);
  const rows = await rawRows<{ t: string; h: string }>(db, sql.raw(parts.join(' union all ')));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

const RAW = /Too (big|small)|[Ee]xpected |Invalid |[Rr]eceived |undefined|NaN|\[object |ZodError|Error:|\bnull\b|\.ts:\d/;
const HINT =
  /用法|例如|应为|应写|可选|可用|最多|只能|范围|不用写|\/[a-z]+|Usage|e\.g\.|written|one of|choose|Available|at most|only|from \d+ to|leave the/;
const HAN_OR_WIDE = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

/** Chinese and names the reader typed or owns (people, groups, chats, places) are not the bot's wording. */
function botWording(reply: string, sent: string, names: string[]): string {
  // Longest first, so a name inside a typed sentence (母亲 in 母亲腿脚不便…) does not break the sentence apart.
  const words = [...names, ...sent.split(/[\s|]+/).filter((w) => w.length > 1)].sort((a, b) => b.length - a.length);
  let out = reply;
  for (const w of words) out = out.replaceAll(w, '');
  return out;
}

function languageProblem(lang: Lang, reply: string, sent: string, names: string[]): string | null {
  const own = botWording(reply, sent, names);
  if (lang === 'en') return HAN_OR_WIDE.test(own) ? `Chinese in an English reply (${own.match(new RegExp(HAN_OR_WIDE, 'g'))?.join('')})` : null;
  if (!/[\u4e00-\u9fff]/.test(own)) return 'no Chinese in a Chinese reply';
  // Command words, keys, placeholders and links aside, no English phrase may stand in a Chinese reply.
  const rest = own
    .replace(/https?:\/\/\S+/g, '')
    .replace(/\/[a-z_]+( [a-z]+)?/g, '')
    .replace(/[a-z_]+(\.[a-z_]+)+/g, '')
    .replace(/[A-Za-z_]+=/g, '');
  return /\b(the|is|are|to|of|and|for|with|be|must|not|have|has|expected|received|rows|days)\b/i.test(rest)
    ? 'English words in a Chinese reply'
    : null;
}

const labelOf = (usage: string): string => {
  const [word, second] = usage.split(/[\s（(]/);
  return second && /^[a-z]+$/.test(second) ? `${word} ${second}` : (word as string);
};
/** Arguments the usage line requires (not in brackets, before any example in parentheses). */
const requiresArgs = (usage: string, label: string): boolean => {
  const rest = usage.slice(label.length).split(/[（(]/)[0]?.trim() ?? '';
  return rest.replace(/\[[^\]]*\]/g, '').trim().length > 0;
};

forEachBackend('every command in /help, good and bad input, zh and en', (get) => {
  for (const lang of ['zh', 'en'] as const) {
    it(`${lang}: every answer in ${lang}, no crash or library text; bad arguments name the form and change nothing`, {
      timeout: 600_000,
    }, async () => {
      const db = get().db;
      await seedDemo(db, NOW);
      const h = new ChatHarness(db, NOW);
      if (lang === 'en') {
        const [group] = await db.select().from(groups).where(eq(groups.name, DEMO_GROUP));
        await db
          .update(groups)
          .set({ settings: { ...group?.settings, lang: 'en' } })
          .where(eq(groups.name, DEMO_GROUP));
        // The secretary and the volunteer belong to no group: their own language says English.
        for (const name of [PERSONA.secretary, PERSONA.volunteer]) await db.update(members).set({ lang: 'en' }).where(eq(members.name, name));
      }
      const findings: string[] = [];
      /** Every word anyone typed: echoed back (a study title, a care text), it is the reader's, not the bot's. */
      const typed: string[] = [];
      const internalError = coreTexts(lang).internalError();
      const names = async () => [
        ...(await db.select({ n: members.name }).from(members)).map((r) => r.n),
        ...(await db.select({ n: groups.name }).from(groups)).map((r) => r.n),
        ...(await db.select({ s: members.station }).from(members)).flatMap((r) => (r.s ? [r.s] : [])),
        DEMO_GROUP_CHAT,
        'walk-room',
        ...Object.values(DEMO_FAMILY),
        '第一党支部',
      ];
      const say = async (step: Step) => {
        const text = (
          step.text.includes('{CODE}')
            ? step.text.replace(
                '{CODE}',
                (await createMember(db, { branchId: 1, name: `新人${step.as.slice(-1)}`, role: 'member', groupId: 1 }, NOW)).inviteCode,
              )
            : step.text
        ).replace('{LANG}', lang);
        typed.push(text);
        const out = await h.say(
          step.as,
          text,
          step.inGroup ? { chat: step.as === '王组长' && text.startsWith('/bind') ? 'walk-room' : DEMO_GROUP_CHAT } : {},
        );
        return { text, replies: out.map((o) => o.text) };
      };
      // Someone who has not joined has no language yet: Chinese, the default.
      const check = async (what: string, sent: string, replies: string[], readerLang: Lang = lang) => {
        if (replies.length === 0) findings.push(`${what}: no answer`);
        const known = await names();
        for (const r of replies) {
          if (r === internalError) findings.push(`${what}: crashed`);
          if (RAW.test(r)) findings.push(`${what}: library text: ${r.slice(0, 120)}`);
          const problem = languageProblem(readerLang, r, [sent, ...typed].join(' '), known);
          if (problem) findings.push(`${what}: ${problem}: ${r.slice(0, 160)}`);
        }
      };

      // Each role's /help, in a private chat and in the group: every line is a command we walk below.
      const labels = new Map<string, string>();
      for (const [role, who] of Object.entries(PERSONA) as [Role, string][]) {
        for (const opts of [{}, { chat: DEMO_GROUP_CHAT }]) {
          const help = await h.ask(who, '/help', opts);
          await check(`${role} /help`, '/help', [help]);
          for (const line of help.split('\n').filter((l) => l.startsWith('/'))) {
            const usage = line.split(' — ')[0] as string;
            const label = labelOf(usage);
            if (!labels.has(label)) labels.set(label, usage);
          }
        }
      }
      for (const label of labels.keys()) expect(GOOD[label], `a good use of ${label}`).toBeDefined();
      // Each person's private chat exists before the walk, so a refusal's snapshot sees no new chat row.
      for (const who of ['刘川', '陈闽', 'walk-stranger-1', 'walk-stranger-2']) await h.say(who, '/help');
      await h.say(PERSONA.leader, '/help', { chat: 'walk-room' });

      for (const [label, usage] of labels) {
        const good = GOOD[label] as Good;
        // Bad arguments first, by the person and in the chat of its good use. /help takes whatever follows it.
        if (label !== '/help')
          for (const [kind, arg] of Object.entries(BAD(label))) {
            if (kind === 'empty' && !requiresArgs(usage, label)) continue;
            const step = { as: good.as, text: `${label} ${arg}`.trim(), inGroup: good.inGroup };
            const before = await tableDigest(db);
            const { text, replies } = await say(step);
            const what = `${label} (${kind}) as ${step.as}`;
            await check(what, text, replies, step.as.startsWith('walk-stranger') ? 'zh' : lang);
            if (!replies.some((r) => HINT.test(r))) findings.push(`${what}: no allowed form or range: ${replies.join(' / ').slice(0, 160)}`);
            const after = await tableDigest(db);
            const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
            if (changed.length) findings.push(`${what}: changed ${changed.join(', ')}: ${replies.join(' / ').slice(0, 120)}`);
          }
        for (const step of [...(good.before ?? []), good]) {
          const { text, replies } = await say(step);
          await check(`${label} (good) as ${step.as}`, text, replies);
          if (replies.some((r) => /参数有误|Wrong arguments/.test(r)))
            findings.push(`${label} (good): refused: ${replies.join(' / ').slice(0, 160)}`);
        }
      }
      expect(findings).toEqual([]);
    });
  }
});
