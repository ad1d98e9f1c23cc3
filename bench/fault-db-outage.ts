/**
 * Fault harness: the real bot process (`bots/main.ts`) on PostgreSQL behind a TCP proxy, with the Telegram
 * stand-in. Members send /whoami privately, one message every `GAP_MS` in turn, for `RUN_S` seconds; after
 * `OUTAGE_AT_S` the proxy refuses every connection for `OUTAGE_S` seconds. Counts what the bot stored (each
 * platform message once in processed_messages) and answered: lost = sent − stored, duplicated = answers − sent.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/fault-db-outage.ts
 *
 * Loopback only, bounded (about RUN_S + 60 s).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { rawRows } from '../db/client';
import { runMain } from '../tests/harness/run-main';
import { TcpProxy } from '../tests/harness/tcp-proxy';
import { TelegramStandin } from '../tests/harness/telegram-standin';
import { until } from '../tests/harness/until';
import { openBenchDb, seedGroups } from './telegram-common';

const RUN_S = Number(process.env.RUN_S ?? 45);
const OUTAGE_AT_S = 5;
const OUTAGE_S = Number(process.env.OUTAGE_S ?? 30);
const GAP_MS = 700;
const MEMBERS = 5;

async function main(): Promise<void> {
  if (!process.env.BENCH_DATABASE_URL) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL server: the outage needs one');
  const bench = await openBenchDb();
  const standin = await TelegramStandin.start({ limits: { perChatPerSecond: 100, perChatBurst: 100, globalPerSecond: 1000 } });
  const [group] = await seedGroups(bench.db, standin, 1, MEMBERS);
  if (!group) throw new Error('no group seeded');
  const [current] = await rawRows<{ name: string }>(bench.db, sql`select current_database() as name`);
  const url = new URL(process.env.BENCH_DATABASE_URL);
  const proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(proxy.port);
  url.pathname = `/${current?.name}`;
  const bot = runMain({
    DATABASE_URL: url.toString(),
    TELEGRAM_BOT_TOKEN: standin.token,
    TELEGRAM_API_ROOT: standin.apiRoot,
    YEMAI_JOURNAL_FILE: join(mkdtempSync(join(tmpdir(), 'yemai-fault-')), 'journal.ndjson'),
  });
  const users = group.users;
  const answers = () => standin.sent.filter((m) => users.some((u) => u.id === m.chat_id) && !(m.text ?? '').includes('稍后处理')).length;
  const acks = () => standin.sent.filter((m) => (m.text ?? '').includes('稍后处理')).length;
  try {
    // Up: the first member's /whoami is answered.
    const first = users[0];
    if (!first) throw new Error('no member');
    standin.sendText(first, standin.privateChat(first), '/whoami');
    await until(() => answers() >= 1, 60_000, 'the bot answering before the run');
    let sent = 1;
    const started = Date.now();
    let outage: 'before' | 'during' | 'after' = 'before';
    let sentDuring = 0;
    for (let i = 0; Date.now() - started < RUN_S * 1000; i++) {
      const elapsed = (Date.now() - started) / 1000;
      if (outage === 'before' && elapsed >= OUTAGE_AT_S) {
        await proxy.refuse();
        outage = 'during';
      } else if (outage === 'during' && elapsed >= OUTAGE_AT_S + OUTAGE_S) {
        await proxy.accept();
        outage = 'after';
      }
      const user = users[i % users.length];
      if (!user) continue;
      standin.sendText(user, standin.privateChat(user), '/whoami');
      sent++;
      if (outage === 'during') sentDuring++;
      await new Promise((r) => setTimeout(r, GAP_MS));
    }
    if (outage === 'during') await proxy.accept();
    await until(() => answers() >= sent, 60_000, 'every message answered').catch(() => {});
    await new Promise((r) => setTimeout(r, 3000));
    const [stored] = await rawRows<{ n: string | number }>(bench.db, sql`select count(*) as n from processed_messages where platform = 'telegram'`);
    const storedN = Number(stored?.n ?? 0);
    const answered = answers();
    console.log(
      JSON.stringify({
        run_s: RUN_S,
        outage_s: OUTAGE_S,
        sent,
        sentDuringOutage: sentDuring,
        stored: storedN,
        lost: sent - storedN,
        answered,
        unanswered: Math.max(0, sent - answered),
        duplicated: Math.max(0, answered - sent),
        acknowledgedLater: acks(),
      }),
    );
  } finally {
    await bot.stop();
    await proxy.stop();
    await standin.stop();
    await bench.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
