/**
 * WeCom's official bot end to end through the real entry point (`npm start` is `tsx bots/main.ts`), in a
 * child process configured only by its environment, against the stand-in WebSocket server and a real
 * database of each backend: a check-in day in a group of three, a leave approved by a card button, the
 * connection dropped mid-day, and a rejected secret.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/client';
import type { Db, DbHandle } from '../db/client';
import { checkins, groups, leases, leaveRequests, outbox } from '../db/schema';
import { createBranch, createGroup, createMember } from '../src/org/org.service';
import { orgTexts } from '../src/org/org.text';
import { BACKENDS } from './harness/backends';
import type { BackendKind } from './harness/backends';
import { pgliteTemplateDir, pgTemplateName, withDatabase } from './harness/template';
import { runMain } from './harness/run-main';
import { until } from './harness/until';
import type { SentMessage } from './harness/wecom-standin';
import { WecomStandin } from './harness/wecom-standin';

/** A database of the given backend the child process can open: its environment, and a way to look inside. */
async function childDatabase(
  kind: BackendKind,
): Promise<{ env: Record<string, string>; open: () => Promise<DbHandle>; dispose: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'yemai-wecom-e2e-'));
    cpSync(pgliteTemplateDir(), dir, { recursive: true });
    return {
      env: { YEMAI_DATA_DIR: dir },
      open: () => openDb({ dataDir: dir, migrate: false }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = process.env.TEST_DATABASE_URL as string;
  const name = `yemai_wecom_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${pgTemplateName()}`);
  const url = withDatabase(base, name);
  return {
    env: { DATABASE_URL: url },
    open: () => openDb({ url, migrate: false }),
    dispose: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A fixed-offset zone where it is now about noon, so the test's day never crosses midnight. */
function noonZone(now = new Date()): { tz: string; offsetH: number } {
  const offsetH = 12 - now.getUTCHours();
  return { tz: offsetH === 0 ? 'Etc/GMT' : offsetH > 0 ? `Etc/GMT-${offsetH}` : `Etc/GMT+${-offsetH}`, offsetH };
}

const local = (at: Date, offsetH: number) => new Date(at.getTime() + offsetH * 3_600_000);
const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
const ymd = (d: Date) => d.toISOString().slice(0, 10);

async function seed(db: Db, tz: string) {
  const now = new Date();
  return db.transaction(async (tx) => {
    const branch = await createBranch(tx, '第一党支部');
    const group = await createGroup(tx, branch.id, '原料物资科党小组');
    // Every day is a required day; the scheduled reminders and summary are out of the way (a manual /remind instead).
    await tx
      .update(groups)
      .set({ settings: { tz, 'checkin.days': 'daily', 'checkin.prompt': '23:30', 'checkin.remind': '23:40', 'checkin.deadline': '23:50' } })
      .where(eq(groups.id, group.id));
    const wang = await createMember(tx, { branchId: branch.id, name: '王组长', role: 'leader', groupId: group.id }, now);
    const zhang = await createMember(tx, { branchId: branch.id, name: '张云', role: 'member', groupId: group.id }, now);
    const liu = await createMember(tx, { branchId: branch.id, name: '刘川', role: 'member', groupId: group.id }, now);
    return { codes: { wangzz: wang.inviteCode, zhangyun: zhang.inviteCode, liuchuan: liu.inviteCode } };
  });
}

for (const kind of BACKENDS) {
  describe(`WeCom bot through npm start [${kind}]`, () => {
    let standin: WecomStandin;
    let database: Awaited<ReturnType<typeof childDatabase>>;

    beforeAll(async () => {
      standin = await WecomStandin.start();
      database = await childDatabase(kind);
    });

    afterAll(async () => {
      await standin?.stop();
      await database?.dispose();
    });

    it('a check-in day in a group of three: join, bind, prompt, @-replies and a card tap, reminder with mentions, /unreported privately; a leave approved by a card button; the link dropped mid-day; nothing lost, nothing twice', async () => {
      const { tz, offsetH } = noonZone();
      let handle: DbHandle = await database.open();
      const { codes } = await seed(handle.db, tz);
      await handle.close();
      const ROOM = 'wrOkD3GwAAroom1';
      const run = runMain({
        ...database.env,
        WECOM_BOT_ID: standin.botId,
        WECOM_BOT_SECRET: standin.secret,
        WECOM_WS_URL: standin.url,
        WECOM_BOT_NAME: '叶脉',
        WECOM_HEARTBEAT_SECONDS: '1',
      });
      let mark = 0;
      const next = (pred: (m: SentMessage) => boolean, ms = 15_000) => standin.waitFor((m) => m.seq > mark && pred(m), ms);
      const say = (from: string, text: string, opts: Parameters<WecomStandin['say']>[2] = {}) => {
        mark = standin.sent.length ? (standin.sent.at(-1) as SentMessage).seq : 0;
        return standin.say(from, text, opts);
      };
      const inRoom = (part: string) => (m: SentMessage) => m.chatid === ROOM && m.text.includes(part);
      const to = (user: string, part: string) => (m: SentMessage) => m.chatid === user && m.text.includes(part);
      try {
        await until(() => run.output().includes('wecom: connected'), 60_000, `the child to connect:\n${run.output()}`);
        expect(standin.subscribed).toBe(1);

        // Join privately (plain 1:1 messages need no @), then bind the group with an @-mention of the bot.
        for (const [user, name] of [
          ['wangzz', '王组长'],
          ['zhangyun', '张云'],
          ['liuchuan', '刘川'],
        ] as const) {
          say(user, `/join ${codes[user]}`);
          await next(to(user, `绑定成功：${name}`));
        }
        say('wangzz', '@叶脉 /bind 原料物资科党小组', { chatid: ROOM });
        await next(inRoom('本群已成为「原料物资科党小组」的课堂'));
        say('zhangyun', '@叶脉 /help', { chatid: ROOM });
        expect((await next(inRoom('可用的命令'))).text).toContain('在群里请先 @我 再发送');

        // The prompt at the next minute (the scheduler ticks each minute): set privately by the leader.
        const nowLocal = local(new Date(Date.now() + 5_000), offsetH);
        const promptAt = hhmm(new Date(Math.ceil(nowLocal.getTime() / 60_000) * 60_000));
        const today = ymd(local(new Date(), offsetH));
        say('wangzz', `/settings checkin.prompt ${promptAt}`);
        await next(to('wangzz', orgTexts('zh').settingChanged('checkin.prompt', promptAt)));
        const prompt = await standin.waitFor((m) => m.chatid === ROOM && m.text.startsWith(`☀️ ${today}`), 75_000);
        expect(prompt.msgtype).toBe('markdown');
        expect(prompt.text).toContain('今天应报 3 人');
        expect(prompt.text).toContain('请 @我 回复，或发送 @我 /报平安');
        const card = await standin.waitFor((m) => m.chatid === ROOM && m.msgtype === 'template_card' && m.seq > prompt.seq);
        expect(card.card?.buttons.map((b) => b.text)).toEqual(['平安 在岗', '出差途中']);

        // One tap on the card in the group checks in the person who tapped.
        mark = card.seq;
        standin.click('zhangyun', '/checkin 平安 在岗', { chatid: ROOM });
        await next(inRoom(`✅ 已收到 张云 ${today}`));

        // The leader reminds the silent: one group post that @-mentions both, and each privately.
        say('wangzz', '@叶脉 /remind', { chatid: ROOM });
        const reminder = await next(inRoom('还有 2 人未报平安'));
        expect(reminder.mentions.sort()).toEqual(['liuchuan', 'wangzz']);
        expect(reminder.text).toMatch(/<@(liuchuan|wangzz)> <@(liuchuan|wangzz)>$/);
        await next(to('liuchuan', '还没有报平安'));
        await next(to('wangzz', '还没有报平安'));

        // /unreported in the group: the names go to the leader privately.
        say('wangzz', '@叶脉 /未报', { chatid: ROOM });
        await next(inRoom('未报 2 人。'));
        const names = await next(to('wangzz', '未报 2 人：'));
        expect(names.text).toMatch(/刘川/);

        // The link drops as the answer to 刘川 is written, and stays down a while: the answer waits in the
        // outbox and goes out once, after the reconnect.
        standin.dropOnNextSend(ROOM);
        standin.refuseConnections = true;
        say('liuchuan', '四川凉山 在岗 @叶脉', { chatid: ROOM });
        await until(() => run.output().includes('wecom: reconnecting'), 10_000, 'a reconnect attempt');
        await new Promise((r) => setTimeout(r, 1_500));
        standin.refuseConnections = false;
        await until(() => run.output().includes('wecom: reconnected'), 40_000, `the reconnect:\n${run.output().slice(-2000)}`);
        await standin.waitFor(inRoom(`✅ 已收到 刘川 ${today}`), 20_000);

        // A voice message from the leader: treated as text, and the answer says what was understood.
        say('wangzz', '@叶脉 云南玉溪 在岗', { chatid: ROOM, msgtype: 'voice' });
        const heard = await next(inRoom(`已收到 王组长 ${today}`));
        expect(heard.text.startsWith('🎤 我听到的是：云南玉溪 在岗\n')).toBe(true);

        // A 1:1 leave request; the leader approves it with the card's button.
        const tomorrow = ymd(new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000));
        say('liuchuan', `/leave ${tomorrow} ${tomorrow} 回家照顾母亲`);
        await next(to('liuchuan', '等待 王组长 审批'));
        const request = await standin.waitFor((m) => m.chatid === 'wangzz' && m.text.includes('刘川 申请请假 #'));
        const leaveId = /#(\d+)/.exec(request.text)?.[1];
        const approveCard = await standin.waitFor((m) => m.chatid === 'wangzz' && m.msgtype === 'template_card' && m.seq > request.seq);
        expect(approveCard.card?.buttons).toEqual([{ text: '批准', style: 1, key: `/approve ${leaveId}` }]);
        mark = approveCard.seq;
        standin.click('wangzz', `/approve ${leaveId}`);
        await next(to('wangzz', `已批准 刘川 的请假 #${leaveId}`));
        await standin.waitFor(to('liuchuan', `你的请假 #${leaveId}`));

        // Every message went out once: no chat got the same text twice.
        const texts = standin.sent.filter((m) => m.msgtype === 'markdown').map((m) => `${m.chatid}|${m.text}`);
        expect(texts.filter((t, i) => texts.indexOf(t) !== i)).toEqual([]);
        expect(standin.sent.filter(inRoom(`✅ 已收到 刘川 ${today}`))).toHaveLength(1);
        expect(run.output()).not.toContain(standin.secret);
      } finally {
        const result = await run.stop();
        expect(result?.code, result?.output.slice(-3000)).toBe(0);
      }
      handle = await database.open();
      try {
        const reports = await handle.db
          .select()
          .from(checkins)
          .where(eq(checkins.localDate, ymd(local(new Date(), offsetH))));
        expect(reports).toHaveLength(3);
        const [leave] = await handle.db.select().from(leaveRequests);
        expect(leave?.status).toBe('approved');
        const rows = await handle.db.select().from(outbox);
        expect(rows.filter((r) => r.status !== 'sent').map((r) => [r.text, r.status, r.lastError])).toEqual([]);
        // Replies normally go straight out; this one went through the outbox because the link was down.
        const retried = rows.find((r) => r.purpose === 'reply' && r.text.includes('已收到 刘川'));
        expect(retried).toMatchObject({ status: 'sent', chatExternalId: ROOM });
        expect(await handle.db.select().from(leases)).toEqual([]); // released at the clean stop
      } finally {
        await handle.close();
      }
    }, 240_000);

    it('a rejected secret: npm start exits non-zero with a clear message naming the variable, the secret not printed', async () => {
      const secret = `wrong-secret-${Date.now()}-do-not-print`;
      const run = runMain({ ...database.env, WECOM_BOT_ID: standin.botId, WECOM_BOT_SECRET: secret, WECOM_WS_URL: standin.url });
      try {
        const result = await run.exitWithin(60_000);
        expect(result.code).not.toBe(0);
        expect(result.code).not.toBeNull();
        expect(result.output).toContain('WECOM_BOT_SECRET');
        expect(result.output).toContain('the server rejected the bot');
        expect(result.output).not.toContain(secret);
        expect(result.output).not.toContain('do-not-print');
      } finally {
        await run.stop();
      }
    }, 90_000);
  });
}
