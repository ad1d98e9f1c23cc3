/**
 * Round-trip latency over WeCom's long connection (the official SDK ⇄ the stand-in server, ws:// on
 * 127.0.0.1), in one run, on each backend:
 *   bare    — a bare `WSClient` answers every group message with a proactive markdown push: the cost of the
 *             link and the SDK alone (callback frame → handler → aibot_send_msg → ack).
 *   command — the real adapter + core (Runtime, database): a member sends `@叶脉 /checkin 云南曲靖 在岗 N` in a
 *             bound group and the bot's "✅ 已收到/已更新 …" push arrives at the server (normalise, dedup,
 *             command transaction, markdown push and its ack).
 * Latency: from the server writing the callback to the server receiving the bot's push; sequential.
 *
 *   npx tsx bench/wecom-roundtrip.ts [iterations=300]
 *   BENCH_BACKENDS=pglite npx tsx bench/wecom-roundtrip.ts          (one backend)
 */
import { WSClient } from '@wecom/aibot-node-sdk';
import { WecomAdapter } from '../bots/wecom/wecom.adapter';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { createBranch, createGroup, createMember } from '../src/org/org.service';
import { Runtime } from '../src/app/runtime';
import { processLease } from '../src/lease/process-lease';
import { zonedInstant } from '../src/time';
import type { SentMessage } from '../tests/harness/wecom-standin';
import { WecomStandin } from '../tests/harness/wecom-standin';
import { benchBackends, header, isMain, machine, ms, openBenchDb, printTable, runMain, stats } from './lib';
import type { BackendKind, Stats } from './lib';

const N = Number(process.argv[2] ?? 300);
const WARMUP = 30;
const ROOM = 'wrBenchRoom';
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** One exchange: resolves when the bot's matching push for this message has arrived. */
async function roundTrip(standin: WecomStandin, text: string, isAnswer: (m: SentMessage) => boolean): Promise<number> {
  const after = standin.sent.at(-1)?.seq ?? 0;
  const t0 = performance.now();
  const answered = standin.waitFor((m) => m.seq > after && m.chatid === ROOM && isAnswer(m), 10_000);
  standin.say('zhangyun', text, { chatid: ROOM });
  await answered;
  return performance.now() - t0;
}

async function measure(run: (i: number) => Promise<number>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await run(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < N; i++) samples.push(await run(i));
  return stats(samples);
}

/** The SDK alone: every group message answered with a markdown push. */
async function bare(standin: WecomStandin): Promise<Stats> {
  const client = new WSClient({ botId: standin.botId, secret: standin.secret, wsUrl: standin.url, logger: quiet });
  client.on('error', () => {});
  client.on('message', (frame) => {
    const chatid = frame.body?.chatid;
    if (chatid) client.sendMessage(chatid, { msgtype: 'markdown', markdown: { content: 'pong' } }).catch(() => {});
  });
  const authed = new Promise<void>((resolve) => client.once('authenticated', () => resolve()));
  client.connect();
  await authed;
  try {
    return await measure((i) => roundTrip(standin, `@叶脉 ping ${i}`, (m) => m.text === 'pong'));
  } finally {
    client.disconnect();
  }
}

async function command(standin: WecomStandin, kind: BackendKind): Promise<Stats> {
  const db = await openBenchDb(kind);
  header('wecom /checkin round trip', kind, db);
  const clock = new ControllableClock(zonedInstant('2026-09-28', '10:00', 'Asia/Shanghai'));
  const code = await db.db.transaction(async (tx) => {
    const branch = await createBranch(tx, '第一党支部');
    const group = await createGroup(tx, branch.id, '原料物资科党小组');
    return (await createMember(tx, { branchId: branch.id, name: '张云', role: 'leader', groupId: group.id }, clock.now())).inviteCode;
  });
  const adapter = new WecomAdapter({
    log: silentLogger(),
    botId: standin.botId,
    secret: standin.secret,
    wsUrl: standin.url,
    botNames: ['叶脉'],
    lease: processLease(db.db, `wecom:${standin.botId}`, 30_000),
  });
  const runtime = new Runtime({ db: db.db, log: silentLogger(), adapters: [adapter], clock });
  try {
    await runtime.start({ scheduler: false, dispatcher: false });
    await roundTrip(standin, `@叶脉 /join ${code}`, (m) => m.text.includes('绑定成功'));
    await roundTrip(standin, '@叶脉 /bind 原料物资科党小组', (m) => m.text.includes('课堂'));
    return await measure((i) => roundTrip(standin, `@叶脉 /checkin 云南曲靖 在岗 第${i}次`, (m) => m.text.includes('张云 2026-09-28')));
  } finally {
    await runtime.stop();
    await db.dispose();
  }
}

async function main(): Promise<void> {
  const standin = await WecomStandin.start();
  const rows: (string | number)[][] = [];
  try {
    for (const kind of benchBackends()) {
      const link = await bare(standin);
      const full = await command(standin, kind);
      rows.push([`${kind}: bare SDK (callback → markdown push → ack)`, link.n, ms(link.medianMs), ms(link.p95Ms), ms(link.maxMs)]);
      rows.push([`${kind}: /checkin (adapter + core + database)`, full.n, ms(full.medianMs), ms(full.p95Ms), ms(full.maxMs)]);
    }
  } finally {
    await standin.stop();
  }
  printTable(`WeCom round trip over ws:// on 127.0.0.1 — ${machine()}`, ['path', 'n', 'p50 ms', 'p95 ms', 'max ms'], rows);
}

if (isMain(import.meta.url)) runMain(main);
