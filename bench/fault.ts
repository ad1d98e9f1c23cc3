/**
 * Fault harness (issue 14, "Must show"): the real bot process (`bots/main.ts`) on PostgreSQL against the
 * Telegram stand-in, one scenario at a time, each reproducing a failure and stating what was lost (goal 0), what
 * was duplicated (with its bound) and what else the failure needs shown. The database outage has its own script
 * (bench/fault-db-outage.ts).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/fault.ts [429 403 kill api-down webhook]
 *
 * No names: every scenario (about 6 minutes). Loopback only; each scenario is bounded (the longest, api-down and
 * kill, take 2–2.5 minutes; its time-outs stop any one after at most about 9 minutes if nothing recovers).
 */
import { killedMidBroadcast, kickedThenRestored, tooManyRequests } from './fault-delivery';
import type { Row } from './fault-kit';
import { apiUnreachable, webhookTaken } from './fault-links';

const SCENARIOS: Record<string, () => Promise<Row>> = {
  '429': tooManyRequests,
  '403': kickedThenRestored,
  kill: killedMidBroadcast,
  'api-down': apiUnreachable,
  webhook: webhookTaken,
};

async function main(): Promise<void> {
  if (!process.env.BENCH_DATABASE_URL) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL server');
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(a in SCENARIOS));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const rows: Row[] = [];
  for (const name of asked.length ? asked : Object.keys(SCENARIOS)) {
    const began = Date.now();
    const row = await (SCENARIOS[name] as () => Promise<Row>)();
    console.log(JSON.stringify({ name, seconds: Math.round((Date.now() - began) / 1000), ...row }));
    rows.push(row);
  }
  console.log('\n| scenario | queued | delivered | lost | duplicated (bound) | also shown |\n| --- | --: | --: | --: | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.scenario} | ${r.tally.queued} | ${r.tally.delivered} | ${r.tally.lost} | ${r.tally.duplicated} (${r.bound}) | ${r.shown} |`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
