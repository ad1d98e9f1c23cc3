import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { chats, groups } from '../db/schema';
import { authzTexts } from '../src/org/authz.text';
import { coreTexts } from '../src/commands/commands.text';
import { parseCommand } from '../src/commands/parser';
import { FEATURES } from '../src/app/features';
import { DEMO_GROUP, DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { orgTexts, settingHints } from '../src/org/org.text';
import { settingLabel } from '../src/org/org-labels';
import { SETTING_DEFAULTS } from '../src/org/settings';
import { forEachBackend } from './harness/backends';
import { ChatHarness } from './harness/chat-harness';
import { snapshot } from './harness/snapshot';

const zh = { core: coreTexts('zh'), org: orgTexts('zh'), hint: settingHints('zh'), authz: authzTexts('zh') };
/** 2026-12-01 06:00 in Shanghai, a workday before the 08:00 prompt: plain text is not yet a check-in. */
const EARLY = new Date('2026-11-30T22:00:00Z');
const DAY = 86_400_000;

type Persona = 'stranger' | 'member' | 'volunteer' | 'leader' | 'secretary';
const WHO: Record<Persona, string> = { stranger: '路人甲', member: '张云', volunteer: '赵志愿', leader: '王组长', secretary: '李书记' };
const PERSONAS = Object.keys(WHO) as Persona[];
const inGroup = { chat: DEMO_GROUP_CHAT };

const inviteCode = (text: string): string => {
  const code = /邀请码：([A-Z0-9]{10})/.exec(text)?.[1];
  if (!code) throw new Error(`no invite code in: ${text}`);
  return code;
};

forEachBackend('org and identity commands', (get) => {
  async function demo(start = EARLY): Promise<ChatHarness> {
    const h = new ChatHarness(get().db, start);
    await seedDemo(get().db, start);
    return h;
  }

  it('no input from a stranger or a member throws, fails inside, or writes to the domain tables', async () => {
    const h = await demo();
    const notOrg = new Set(FEATURES.filter((f) => f.name !== 'org').flatMap((f) => f.commands.flatMap((c) => [c.name, ...(c.aliases ?? [])])));
    const words = [
      '/help',
      '/join',
      '/start',
      '/whoami',
      '/bind',
      '/group add',
      '/group list',
      '/member add',
      '/member list',
      '/member set 张云',
      '/member remove',
      '/invite',
      '/settings',
      '/settings checkin.prompt',
      '/checkin',
      '／打卡',
      '/leave',
      '/nosuch',
    ];
    const rest = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('', ' 张云', ' 000000', ' lang en', ' 25:00', ' group=原料物资科党小组'),
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.tuple(fc.constantFrom(...words), fc.constantFrom(' ', '\u3000', '@yemai_bot '), rest).map((p) => p.join('')),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Persona>('stranger', 'member'), text, fc.boolean(), async (who, input, group) => {
        // A member may legitimately write with the check-in and leave commands; those are not under test here.
        fc.pre(who === 'stranger' || !notOrg.has(parseCommand(input)?.word ?? ''));
        runs++;
        const before = await snapshot(get().db);
        const out = await h.say(WHO[who], input, group ? inGroup : {});
        expect(Array.isArray(out)).toBe(true);
        expect(out.map((o) => o.text)).not.toContain(zh.core.internalError());
        expect(await snapshot(get().db)).toEqual(before);
      }),
      { numRuns: 60 },
    );
    expect(runs).toBeGreaterThan(30);
  });

  const ALL = PERSONAS;
  const BOUND: Persona[] = ['member', 'volunteer', 'leader', 'secretary'];
  const MANAGERS: Persona[] = ['leader', 'secretary'];
  const MATRIX: { label: string; text: (p: Persona) => string; allowed: Persona[]; ok: string }[] = [
    { label: '/help', text: () => '/help', allowed: ALL, ok: '可用的命令：' },
    { label: '/join', text: () => '/join 000000', allowed: ALL, ok: zh.org.inviteUnknown() },
    { label: '/whoami', text: () => '/whoami', allowed: BOUND, ok: '驻地：' },
    { label: '/bind', text: () => '/bind', allowed: MANAGERS, ok: zh.org.bound(DEMO_GROUP) },
    { label: '/group add', text: (p) => `/group add ${p}组`, allowed: ['secretary'], ok: '已创建党小组' },
    { label: '/group list', text: () => '/group list', allowed: ['secretary'], ok: `· ${DEMO_GROUP}｜党小组长：王组长` },
    { label: '/member add', text: (p) => `/member add 新人${p}`, allowed: MANAGERS, ok: '已添加 新人' },
    { label: '/member list', text: () => '/member list', allowed: MANAGERS, ok: '· 张云｜' },
    {
      label: '/member set',
      text: () => '/member set 张云 station 云南 昆明',
      allowed: MANAGERS,
      ok: zh.org.memberUpdated('张云', 'station', '云南 昆明'),
    },
    { label: '/member remove', text: (p) => `/member remove ${p === 'leader' ? '刘川' : '陈闽'}`, allowed: MANAGERS, ok: '已移除' },
    { label: '/invite', text: () => '/invite 张云', allowed: MANAGERS, ok: '张云 的新邀请码：' },
    { label: '/settings', text: () => '/settings', allowed: MANAGERS, ok: `「${DEMO_GROUP}」的设置` },
    { label: '/settings', text: () => '/settings checkin.prompt 07:30', allowed: MANAGERS, ok: zh.org.settingChanged('checkin.prompt', '07:30') },
  ];

  it.each(MATRIX.map((row) => ({ ...row, name: `${row.text('member')} → ${row.allowed.join(', ')}` })))(
    'role matrix: $name',
    async ({ label, text, allowed, ok }) => {
      const h = await demo();
      const before = await snapshot(get().db);
      // The refused go first, so each refusal is checked against the untouched seed.
      for (const p of PERSONAS.filter((x) => !allowed.includes(x))) {
        expect(await h.ask(WHO[p], text(p), inGroup), p).toBe(p === 'stranger' ? zh.core.notBound() : zh.core.notAllowed(label));
        expect(await snapshot(get().db)).toEqual(before);
      }
      for (const p of allowed) expect(await h.ask(WHO[p], text(p), inGroup), p).toContain(ok);
    },
  );

  it('invite → join → bind → settings, with one-time and expiring codes and a second platform', async () => {
    const h = await demo();
    const db = get().db;
    expect(await h.ask('李书记', '/group add 川西党小组')).toBe(zh.org.groupCreated('川西党小组'));

    // The invite code goes to the secretary privately; the group only hears that it was sent.
    const added = await h.say('李书记', '/member add 孙组长 group=川西党小组 role=leader station="四川 成都"', inGroup);
    expect(added.map((o) => o.chatId)).toEqual(['李书记', DEMO_GROUP_CHAT]);
    const code = inviteCode(added[0]?.text ?? '');
    expect(added[1]?.text).toBe(zh.core.sentPrivately());

    expect(await h.ask('sun', `/join ${code}`)).toBe(zh.org.joined('孙组长', '川西党小组 党小组长'));
    expect(await h.ask('other', `/join ${code}`)).toBe(zh.org.inviteUsed());
    expect(await h.ask('other', `/join ${code.toLowerCase()}`)).toBe(zh.org.inviteUsed());

    const stale = inviteCode(await h.ask('李书记', '/invite 孙组长'));
    h.clock.advance(8 * DAY);
    expect(await h.ask('late', `/join ${stale}`)).toBe(zh.org.inviteExpired());

    // A second platform account of the same person, with a fresh code.
    const fresh = inviteCode(await h.ask('李书记', '/invite 孙组长'));
    // Someone else's account cannot spend it; the code stays good for the right person.
    expect(await h.ask('张云', `/join ${fresh}`)).toBe(zh.org.boundElsewhere());
    const tg = new ChatHarness(db, h.clock.now(), 'telegram');
    expect(await tg.ask('777', `/join ${fresh}`)).toContain('绑定成功：孙组长');
    expect(await tg.ask('777', '/whoami')).toBe(
      zh.org.whoami({ name: '孙组长', status: '党员', station: '四川 成都', roles: '川西党小组 党小组长', accounts: 'console, telegram' }),
    );

    // /bind only in a group chat.
    expect(await h.ask('sun', '/bind')).toBe(zh.core.groupOnly('/bind'));
    expect(await h.ask('sun', '/bind', { chat: 'sc-room', chatTitle: '川西课堂' })).toBe(zh.org.bound('川西党小组'));
    const [room] = await db.select().from(chats).where(eq(chats.externalId, 'sc-room'));
    const [sc] = await db.select().from(groups).where(eq(groups.name, '川西党小组'));
    expect(room?.groupId).toBe(sc?.id);
    expect(await h.ask('李书记', '/group list')).toContain('· 川西党小组｜党小组长：孙组长｜成员 1 人｜课堂：川西课堂');

    const room1 = { chat: 'sc-room' };
    const defaults = Object.entries(SETTING_DEFAULTS)
      .map(([k, v]) => `${k} = ${v}（${settingLabel('zh', k)}）`)
      .join('\n');
    expect(await h.ask('sun', '/settings', room1)).toBe(zh.org.settingsShow('川西党小组', defaults));
    expect(await h.ask('sun', '/settings checkin.prompt 07:30', room1)).toBe(zh.org.settingChanged('checkin.prompt', '07:30'));
    expect(await h.ask('sun', '/settings', room1)).toContain('checkin.prompt = 07:30（');

    const before = await snapshot(db);
    const bad: [string, string][] = [
      ['/settings checkin.prompt 25:00', zh.org.settingBad('checkin.prompt', '25:00', zh.hint.time())],
      ['/settings tz Mars/Base', zh.org.settingBad('tz', 'Mars/Base', zh.hint.tz())],
      ['/settings checkin.days sometimes', zh.org.settingBad('checkin.days', 'sometimes', zh.hint.days())],
      ['/settings checkin.prompt', zh.org.settingNoValue('checkin.prompt', '07:30', zh.hint.time())],
      ['/settings colour red', zh.org.settingUnknown('colour', Object.keys(SETTING_DEFAULTS).join(', '))],
    ];
    for (const [text, reply] of bad) expect(await h.ask('sun', text, room1)).toBe(reply);
    expect(await snapshot(db)).toEqual(before);
  });

  it('a leader cannot manage another group', async () => {
    const h = await demo();
    await h.ask('李书记', '/group add 川西党小组');
    await h.ask('李书记', '/member add 孙明 group=川西党小组');
    const before = await snapshot(get().db);
    const notYours = zh.authz.personNotYours('孙明');
    const otherGroup = zh.authz.groupNotYours('川西党小组');
    for (const [text, refusal] of [
      ['/member set 孙明 station 成都', notYours],
      ['/member remove 孙明', notYours],
      ['/invite 孙明', notYours],
      ['/member list 川西党小组', otherGroup],
      ['/member add 钱多 group=川西党小组', otherGroup],
      ['/member add 钱多 role=leader', zh.authz.addSecretaryOnly()],
      ['/member add 钱多 role=volunteer', zh.authz.addSecretaryOnly()],
      ['/settings group=川西党小组', otherGroup],
      ['/settings checkin.prompt 07:00 group=川西党小组', otherGroup],
    ] as const) {
      expect(await h.ask('王组长', text, inGroup), text).toBe(refusal);
    }
    expect(await h.ask('王组长', '/bind 川西党小组', { chat: 'elsewhere' })).toBe(otherGroup);
    expect(await snapshot(get().db)).toEqual(before);
  });

  it('answers in English a member whose language is en', async () => {
    const h = await demo();
    expect(await h.ask('李书记', '/member set 张云 lang en')).toBe(zh.org.memberUpdated('张云', 'lang', 'en'));
    expect(await h.ask('张云', '/whoami')).toBe(
      orgTexts('en').whoami({
        name: '张云',
        status: 'Party member',
        station: '云南 曲靖 烟叶收购站',
        roles: `${DEMO_GROUP} member`,
        accounts: 'console',
      }),
    );
    expect(await h.ask('张云', '/group add X')).toBe(coreTexts('en').notAllowed('/group add'));
    expect(await h.ask('张云', '/join abc')).toBe('Wrong arguments: an invite code is 10 letters and digits\nUsage: /join CODE');
    expect(await h.ask('张云', '/help')).toMatch(/^Commands for a member:\n\/help — the commands you can use/);
  });

  it('/help lists exactly the commands the caller may use, group-only ones only to people in a group', async () => {
    const h = await demo();
    const defs = h.app.registry.all.filter((d) => d.name !== 'start');
    const roles: Record<Persona, string[]> = {
      stranger: [],
      member: ['member'],
      volunteer: ['volunteer'],
      leader: ['leader'],
      secretary: ['secretary'],
    };
    const listed: Partial<Record<Persona, string[]>> = {};
    for (const p of PERSONAS) {
      const lines = (await h.ask(WHO[p], '/help')).split('\n');
      const mayUse = (access: (typeof defs)[number]['access']) =>
        access === 'anyone' || (p !== 'stranger' && (access === 'member' || access.some((r) => roles[p].includes(r))));
      // A command for group members only (listedFor) is not offered to someone in no group.
      const offered = (d: (typeof defs)[number]) => !d.listedFor || d.listedFor.some((r) => roles[p].includes(r));
      // A bare word that does what its sub-command does (/family = /family list) is listed once.
      const expected = [...new Set(defs.filter((d) => mayUse(d.access) && offered(d)).map((d) => `${d.usage.zh} — ${d.summary.zh}`))];
      expect(
        lines.filter((l) => l.startsWith('/')),
        p,
      ).toEqual(expected);
      listed[p] = lines;
    }
    const has = (p: Persona, usage: string) => listed[p]?.some((l) => l.startsWith(`${usage} — `));
    expect([has('secretary', '/group add 名称'), has('secretary', '/settings [键 值] [group=党小组]')]).toEqual([true, true]);
    expect([has('member', '/group add 名称'), has('member', '/invite 姓名'), has('member', '/whoami')]).toEqual([false, false, true]);
    expect([has('leader', '/group add 名称'), has('leader', '/invite 姓名')]).toEqual([false, true]);
    expect(listed.stranger?.filter((l) => l.startsWith('/'))).toEqual(['/help — 我可用的命令和用法', '/join 邀请码 — 用一次性邀请码绑定本账号']);
    expect(listed.stranger?.at(-1)).toBe(zh.core.notBound());
  });

  it('a redelivered message changes nothing and gets no reply', async () => {
    const h = await demo();
    const first = await h.say('李书记', '/group add 重发组', { messageId: 'dup-1' });
    expect(first.map((o) => o.text)).toEqual([zh.org.groupCreated('重发组')]);
    const after = await snapshot(get().db);
    expect(await h.say('李书记', '/group add 重发组', { messageId: 'dup-1' })).toEqual([]);
    expect(await h.say('李书记', '/member add 重发人', { messageId: 'dup-1' })).toEqual([]);
    expect(await snapshot(get().db)).toEqual(after);
  });

  it('a redelivered refusal is not answered twice', async () => {
    const h = await demo();
    expect(await h.ask('路人甲', '/join 000000', { messageId: 'dup-2' })).toBe(zh.org.inviteUnknown());
    expect(await h.say('路人甲', '/join 000000', { messageId: 'dup-2' })).toEqual([]);
  });

  it('a command addressed to another bot is ignored; one addressed to this bot is answered', async () => {
    const h = await demo();
    expect(await h.say('李书记', '/help@OtherBot', { ...inGroup, botUsername: 'yemai_bot' })).toEqual([]);
    expect(await h.ask('李书记', '/help@Yemai_Bot', { ...inGroup, botUsername: 'yemai_bot' })).toContain('支部书记可用的命令：');
  });
});
