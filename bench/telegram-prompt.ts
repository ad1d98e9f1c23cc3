/**
 * The 08:00 prompt to 1,000 groups, through the real scheduler, outbox dispatcher and Telegram adapter, against
 * a stand-in that answers 429 past Telegram's documented limits (≈1/s per chat with a burst of 3, 20/min per
 * group, 30/s overall). Figures: time to deliver all, achieved rate as a share of the 30/s limit, 429s received.
 * The baseline, in the same run: the same dispatcher with the pacing switched off (it only honours retry_after).
 *
 * With `--dispatchers 2` a second dispatcher with its own adapter shares the database and the delivery; the
 * two together must stay under the one limit.
 *
 *   npx tsx bench/telegram-prompt.ts [--groups 1000] [--rtt 0] [--dispatchers 1]
 *   BENCH_DATABASE_URL=postgres://… for PostgreSQL instead of PGlite
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { and, count, eq } from 'drizzle-orm';
import { TELEGRAM_MAX_PER_SECOND, TELEGRAM_PACING, TelegramAdapter } from '../bots/telegram/telegram.adapter';
import type { Db } from '../db/client';
import { outbox } from '../db/schema';
import type { Pacing } from '../src/chat/types';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { Runtime } from '../src/app/runtime';
import { OutboxDispatcher } from '../src/outbox/dispatcher';
import { zonedInstant } from '../src/time';
import { TelegramStandin } from '../tests/harness/telegram-standin';
import { fmt, openBenchDb, record, seedGroups } from './telegram-common';

const { values } = parseArgs({
  options: { groups: { type: 'string', default: '1000' }, rtt: { type: 'string', default: '0' }, dispatchers: { type: 'string', default: '1' } },
});
const dispatcherCount = Number(values.dispatchers);
const groupCount = Number(values.groups);
const rtt = Number(values.rtt);
const LIMIT_PER_SECOND = 30;
const DAY = '2026-12-01';

type Outcome = {
  label: string;
  delivered: number;
  enqueueSeconds: number;
  deliverSeconds: number;
  rate: number;
  busiestSecond: number;
  tooMany: number;
  db: string;
};

/** Most messages the stand-in accepted within any one-second window. */
function busiestSecond(times: number[]): number {
  let best = 0;
  let from = 0;
  for (let to = 0; to < times.length; to++) {
    while ((times[from] as number) <= (times[to] as number) - 1000) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

const pending = async (db: Db) =>
  (
    await db
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending')))
  )[0]?.n ?? 0;

async function measure(label: string, pacing?: Partial<Pacing>, maxPerSecond?: number): Promise<Outcome> {
  const handle = await openBenchDb();
  const standin = await TelegramStandin.start({ enforceLimits: true, latencyMs: rtt });
  const log = silentLogger();
  const adapter = new TelegramAdapter({ token: standin.token, apiRoot: standin.apiRoot, log, pacing, maxPerSecond, commands: [] });
  // The clock follows the wall clock from 07:59 local: pacing and retry_after run in real time.
  const clock = new ControllableClock();
  const runtime = new Runtime({ db: handle.db, log, adapters: [adapter], clock });
  try {
    await seedGroups(handle.db, standin, groupCount, 1);
    await runtime.start({ scheduler: false, dispatcher: false });
    const eight = zonedInstant(DAY, '08:00', 'Asia/Shanghai');
    clock.set(eight);
    const t0 = performance.now();
    await runtime.scheduler.tick(eight);
    const enqueueSeconds = (performance.now() - t0) / 1000;
    const queued = await pending(handle.db);
    if (queued !== groupCount) throw new Error(`expected ${groupCount} prompts queued, found ${queued}`);
    const t1 = performance.now();
    // Further dispatchers: their own adapter (and rate gate) on the same database, as another process would have.
    const others = Array.from({ length: dispatcherCount - 1 }, () => {
      const other = new TelegramAdapter({ token: standin.token, apiRoot: standin.apiRoot, log, pacing, maxPerSecond, commands: [] });
      return new OutboxDispatcher({ db: handle.db, clock: clock.now, adapters: [other], log });
    });
    const drainAll = async (d: OutboxDispatcher) => {
      while ((await pending(handle.db)) > 0) {
        await d.drain();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await Promise.all([runtime.dispatcher, ...others].map(drainAll));
    const deliverSeconds = (performance.now() - t1) / 1000;
    const delivered = standin.sent.length;
    if (new Set(standin.sent.map((m) => m.chat_id)).size !== groupCount) throw new Error(`${label}: a group got its prompt twice or not at all`);
    if (delivered !== groupCount) throw new Error(`${label}: ${delivered} delivered of ${groupCount}`);
    return {
      label,
      delivered,
      enqueueSeconds,
      deliverSeconds,
      rate: delivered / deliverSeconds,
      busiestSecond: busiestSecond(standin.sent.map((m) => m.timestamp)),
      tooMany: standin.tooManyRequestsCount,
      db: handle.label,
    };
  } finally {
    await runtime.stop();
    await standin.stop();
    await handle.close();
  }
}

const naive = await measure(
  'baseline: no pacing, only retry_after honoured',
  { perChatIntervalMs: 0, perChatPerMinute: undefined, globalPerSecond: 100_000 },
  100_000,
);
const paced = await measure(
  `adapter pacing (outbox ${TELEGRAM_PACING.globalPerSecond}/s shared, hard gate ${TELEGRAM_MAX_PER_SECOND}/s per process), ${dispatcherCount} dispatcher(s)`,
);
const row = (o: Outcome) =>
  `| ${o.label} | ${o.delivered} | ${fmt(o.deliverSeconds)} | ${fmt(o.rate)} | ${fmt((100 * o.rate) / LIMIT_PER_SECOND, 0)} % | ${o.busiestSecond} | ${o.tooMany} |`;
const lines = [
  `Prompt to ${groupCount} groups (one classroom each), ${dispatcherCount} dispatcher(s) on one database, stand-in enforcing 1/s per chat (burst 3), 20/min per group, ${LIMIT_PER_SECOND}/s overall; ${rtt} ms per API call; ${paced.db}; ${cpus().length} CPUs.`,
  `Ideal at the limit: ${fmt(groupCount / LIMIT_PER_SECOND)} s. Queuing the prompts (scheduler tick, one transaction per group): ${fmt(paced.enqueueSeconds)} s.`,
  '',
  '| sender | delivered | seconds to deliver all | messages/s | share of 30/s | busiest second | 429s received |',
  '|---|---:|---:|---:|---:|---:|---:|',
  row(naive),
  row(paced),
];
process.stdout.write(`${lines.join('\n')}\n`);
const argv = process.argv.slice(2).join(' ');
const prefix = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL=postgres://… ' : '';
record(
  `Prompt to ${groupCount} groups under Telegram's limits (${paced.db}, ${rtt} ms round trip)`,
  `${prefix}npx tsx bench/telegram-prompt.ts${argv ? ` ${argv}` : ''}`,
  lines,
);
