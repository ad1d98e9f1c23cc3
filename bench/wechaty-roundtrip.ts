/**
 * Round-trip latency over the WeChat gRPC link (PuppetService client ⇄ PuppetServer + PuppetMock, TLS on,
 * 127.0.0.1), in one run:
 *   bare    — a bare Wechaty bot answers every room message with room.say('pong'): the link's own cost
 *             (event stream → message payload fetch → say).
 *   command — the real adapter + core (Runtime, database): a member sends `/checkin 云南曲靖 在岗 N` in a bound
 *             room and the bot's "✅ 已收到/已更新 …" reply arrives at the server (normalise, dedup, command
 *             transaction, reply).
 *   core    — the same command handed straight to app.handleInbound (no link), to split the cost.
 * Latency: from the server emitting the message to the server receiving the bot's reply; sequential.
 *
 *   npx tsx bench/wechaty-roundtrip.ts [iterations=200]            (PGlite in a temp dir)
 *   DATABASE_URL=postgres://… npx tsx bench/wechaty-roundtrip.ts     (a scratch PostgreSQL database)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log as wechatyLog, WechatyBuilder } from 'wechaty';
import { PuppetService } from 'wechaty-puppet-service';
import { WechatyAdapter } from '../bots/wechaty/wechaty.adapter';
import { openDb } from '../db/client';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { createBranch, createGroup, createMember } from '../src/org/org.service';
import { Runtime } from '../src/app/runtime';
import { zonedInstant } from '../src/time';
import type { ContactMock, RoomMock, SentMessage } from '../tests/harness/wechaty-standin';
import { WechatyStandin, useTempWechatyHome } from '../tests/harness/wechaty-standin';

const N = Number(process.argv[2] ?? 200);
const WARMUP = 20;

type Stats = { n: number; p50: number; p95: number; mean: number; max: number };

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: s.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length),
    max: round(s.at(-1) as number),
  };
}

/** One exchange: the member's message goes out, resolves when the bot's matching answer has arrived. */
async function roundTrip(
  standin: WechatyStandin,
  from: ContactMock,
  room: RoomMock,
  text: string,
  isAnswer: (m: SentMessage) => boolean,
): Promise<number> {
  const before = standin.sent.length; // only an answer sent after this message counts
  const t0 = performance.now();
  const answered = standin.waitFor((m) => m.roomId === room.id && isAnswer(m) && standin.sent.indexOf(m) >= before, 10_000);
  standin.say(from, text, { room });
  await answered;
  return performance.now() - t0;
}

async function measure(label: string, run: (i: number) => Promise<number>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await run(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < N; i++) samples.push(await run(i));
  const s = stats(samples);
  console.error(`${label}: ${JSON.stringify(s)}`);
  return s;
}

async function main(): Promise<void> {
  wechatyLog.level('silent');
  const home = useTempWechatyHome();
  const standin = await WechatyStandin.start({ botName: '叶脉' });
  const dataDir = mkdtempSync(join(tmpdir(), 'yemai-bench-wechaty-'));
  const url = process.env.DATABASE_URL;
  const handle = await openDb(url ? { url } : { dataDir });
  const results: Record<string, Stats> = {};
  try {
    const zhang = standin.createContact('张云');
    const room = standin.createRoom('原料物资科党小组群', [zhang]);

    // 1. bare link: a Wechaty bot that answers every room message with "pong"
    const puppet = new PuppetService({ token: standin.token, endpoint: standin.endpoint, tls: standin.clientTls });
    const bare = WechatyBuilder.build({ puppet });
    bare.on('error', () => {}); // an 'error' without a listener would throw (e.g. the stream closing at stop)
    bare.on('message', async (msg) => {
      try {
        if (!msg.self() && msg.room()) await msg.room()?.say('pong');
      } catch {}
    });
    await bare.start();
    await standin.waitForClient(10_000);
    while (!bare.isLoggedIn) await new Promise((r) => setTimeout(r, 10));
    results.bare = await measure('bare puppet round trip', (i) => roundTrip(standin, zhang, room, `ping ${i}`, (m) => m.text === 'pong'));
    await bare.stop();

    // 2. the real adapter and core: a leader (so /bind is allowed) checks in
    const clock = new ControllableClock(zonedInstant('2026-09-28', '10:00', 'Asia/Shanghai'));
    const code = await handle.db.transaction(async (tx) => {
      const branch = await createBranch(tx, '第一党支部');
      const group = await createGroup(tx, branch.id, '原料物资科党小组');
      return (await createMember(tx, { branchId: branch.id, name: '张云', role: 'leader', groupId: group.id }, clock.now())).inviteCode;
    });
    const adapter = new WechatyAdapter({ log: silentLogger(), token: standin.token, endpoint: standin.endpoint, tls: standin.clientTls });
    const runtime = new Runtime({ db: handle.db, log: silentLogger(), adapters: [adapter], clock });
    await runtime.start({ scheduler: false, dispatcher: false });
    await roundTrip(standin, zhang, room, `/join ${code}`, (m) => m.text.includes('绑定成功'));
    await roundTrip(standin, zhang, room, '/bind 原料物资科党小组', (m) => m.text.includes('课堂'));
    results.command = await measure('/checkin round trip (adapter + core)', (i) =>
      roundTrip(standin, zhang, room, `/checkin 云南曲靖 在岗 第${i}次`, (m) => m.text.includes('张云 2026-09-28')),
    );
    // 3. the core alone, for comparison: the same command handed straight to app.handleInbound
    results.core = await measure('/checkin in the core only (no link)', async (i) => {
      const t0 = performance.now();
      await runtime.app.handleInbound({
        platform: 'wechaty',
        messageId: `core-${i}`,
        chatId: room.id,
        chatKind: 'group',
        senderId: zhang.id,
        senderName: '张云',
        text: `/checkin 云南曲靖 在岗 第${i}次`,
        mentionsBot: false,
        at: new Date(),
      });
      return performance.now() - t0;
    });
    await runtime.stop();
  } finally {
    await standin.stop();
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
    await home.cleanup();
  }
  const row = (name: string, s: Stats | undefined) => (s ? `| ${name} | ${s.n} | ${s.p50} | ${s.p95} | ${s.mean} | ${s.max} |` : '');
  console.log(
    [
      `wechaty round trip over gRPC (TLS, 127.0.0.1), ${url ? 'PostgreSQL' : 'PGlite'}, node ${process.version}, ${new Date().toISOString()}`,
      '| path | n | p50 ms | p95 ms | mean ms | max ms |',
      '|---|---|---|---|---|---|',
      row('bare puppet: room message → room.say', results.bare),
      row('/checkin: adapter + core + database', results.command),
      row('/checkin: core + database only (no link)', results.core),
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
