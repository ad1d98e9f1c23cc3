/**
 * Updates handled per second, end to end: members send /checkin in their group chats; each update goes
 * stand-in → grammY → adapter → core (database transaction) → reply sendMessage → stand-in. Every API call
 * (getUpdates included) takes a simulated round trip. The runner (concurrent, in order per chat) is
 * measured beside grammY's one-at-a-time bot.start(), in the same run, each on a fresh database.
 *
 *   npx tsx bench/telegram-updates.ts [--groups 40] [--per-group 10] [--rtt 30]
 *   BENCH_DATABASE_URL=postgres://… for PostgreSQL instead of PGlite
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { TelegramAdapter } from '../bots/telegram/telegram.adapter';
import { silentLogger } from '../src/log';
import { Runtime } from '../src/app/runtime';
import { TelegramStandin } from '../tests/harness/telegram-standin';
import { fmt, openBenchDb, record, seedGroups } from './telegram-common';

const { values } = parseArgs({
  options: { groups: { type: 'string', default: '40' }, 'per-group': { type: 'string', default: '10' }, rtt: { type: 'string', default: '30' } },
});
const groupCount = Number(values.groups);
const perGroup = Number(values['per-group']);
const rtt = Number(values.rtt);

/**
 * Each update here is answered, and Telegram lets a bot send about 30 messages a second in all, which the
 * adapter's gate enforces. Lifted here (the stand-in does not enforce limits in this run) to see what the
 * pipeline itself carries; in production, replies beyond 30/s wait at the gate.
 */
const GATE = 100_000;

type Outcome = { updates: number; seconds: number; perSecond: number; db: string };

/** The whole bot: each update is a /checkin run by the core in a database transaction, then a reply. */
async function measureCore(mode: 'runner' | 'simple'): Promise<Outcome> {
  const handle = await openBenchDb();
  const standin = await TelegramStandin.start({ latencyMs: rtt });
  const log = silentLogger();
  const adapter = new TelegramAdapter({ token: standin.token, apiRoot: standin.apiRoot, log, polling: mode, commands: [], maxPerSecond: GATE });
  const runtime = new Runtime({ db: handle.db, log, adapters: [adapter] });
  try {
    const seeded = await seedGroups(handle.db, standin, groupCount, perGroup);
    await runtime.start({ scheduler: false, dispatcher: false });
    const total = groupCount * perGroup;
    const started = performance.now();
    // Members of different groups interleave, as a morning's answers do.
    for (let j = 0; j < perGroup; j++) {
      for (const g of seeded) standin.sendText(g.users[j] as (typeof g.users)[number], g.chat.id, `/checkin 云南曲靖 在岗 第${j + 1}条`);
    }
    await standin.waitFor(() => standin.sent.length >= total, 600_000);
    const seconds = (performance.now() - started) / 1000;
    const ok = standin.sent.filter((m) => (m.text ?? '').startsWith('✅')).length;
    if (ok !== total) throw new Error(`${mode}: ${ok} of ${total} replies were confirmations`);
    return { updates: total, seconds, perSecond: total / seconds, db: handle.label };
  } finally {
    await runtime.stop();
    await standin.stop();
    await handle.close();
  }
}

/** The adapter alone: same traffic, the handler only replies (what grammY + runner + stand-in can carry). */
async function measureEcho(mode: 'runner' | 'simple', total: number): Promise<Outcome> {
  const standin = await TelegramStandin.start({ latencyMs: rtt });
  const adapter = new TelegramAdapter({
    token: standin.token,
    apiRoot: standin.apiRoot,
    log: silentLogger(),
    polling: mode,
    commands: [],
    maxPerSecond: GATE,
  });
  try {
    await adapter.start(async (msg) => {
      await adapter.send({ platform: msg.platform, chatId: msg.chatId, text: '✅' });
    });
    const chats = Array.from({ length: groupCount }, () => standin.createSupergroup());
    const users = Array.from({ length: perGroup }, () => standin.createUser());
    const started = performance.now();
    for (let i = 0; i < total; i++)
      standin.sendText(users[i % perGroup] as (typeof users)[number], (chats[i % groupCount] as (typeof chats)[number]).id, `/checkin ${i}`);
    await standin.waitFor(() => standin.sent.length >= total, 600_000);
    const seconds = (performance.now() - started) / 1000;
    return { updates: total, seconds, perSecond: total / seconds, db: '-' };
  } finally {
    await adapter.stop();
    await standin.stop();
  }
}

const simple = await measureCore('simple');
const runner = await measureCore('runner');
const echoTotal = Math.max(1000, groupCount * perGroup);
const echoSimple = await measureEcho('simple', Math.min(echoTotal, 300));
const echoRunner = await measureEcho('runner', echoTotal);
const row = (label: string, o: Outcome) => `| ${label} | ${o.updates} | ${fmt(o.seconds, 2)} | ${fmt(o.perSecond)} |`;
const lines = [
  `${groupCount} group chats, ${perGroup} senders each; ${rtt} ms per API call (getUpdates and sendMessage alike); database ${runner.db}; ${cpus().length} CPUs.`,
  "The adapter's 30 messages/s gate is lifted for this run (each update is answered, so it would cap every row at 30/s).",
  '',
  '| what | updates | seconds | updates/s |',
  '|---|---:|---:|---:|',
  row('whole bot, baseline: grammY bot.start() (one at a time)', simple),
  row('whole bot: @grammyjs/runner + sequentialize per chat', runner),
  row('adapter only (handler just replies), baseline: bot.start()', echoSimple),
  row('adapter only: runner + sequentialize', echoRunner),
  '',
  `Runner speed-up: whole bot ×${fmt(runner.perSecond / simple.perSecond)}, adapter only ×${fmt(echoRunner.perSecond / echoSimple.perSecond)}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
const argv = process.argv.slice(2).join(' ');
const prefix = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL=postgres://… ' : '';
record(
  `Updates per second end to end (${runner.db}, ${rtt} ms round trip)`,
  `${prefix}npx tsx bench/telegram-updates.ts${argv ? ` ${argv}` : ''}`,
  lines,
);
