/**
 * One outbox claim (50 rows, the first waiting row of each chat) right after a burst: 11,950 rows queued in one
 * transaction beside 80,000 sent ones, before statistics catch up (no ANALYZE since the burst), as after a
 * 2,000-group reminder tick. Baseline in the same run: the bare claim without the per-chat order rule (the 50
 * oldest pending rows, locked). Both backends.
 *
 *   npx tsx bench/outbox-claim.ts     (BENCH_BACKENDS=pglite|postgres, BENCH_CLAIM_PENDING=11950)
 */
import { claimDue } from '../src/outbox/claim';
import type { BackendKind, BenchDb } from './lib';
import { benchBackends, header, isMain, load, ms, now, openBenchDb, printTable, raw, rawScript, ratio, runMain, stats } from './lib';

const PENDING = Number(process.env.BENCH_CLAIM_PENDING ?? 11_950);
const SENT = 80_000;
const ROUNDS = 8;
const AT = new Date('2026-12-01T04:00:00Z');

async function run(handle: BenchDb): Promise<void> {
  await rawScript(
    handle,
    `insert into outbox (dedup_key, platform, chat_external_id, text, status, available_at, created_at, sent_at)
       select 'sent' || g, 'telegram', 'c' || (g % 60000), '…', 'sent', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z', '2026-12-01T00:05:00Z'
       from generate_series(1, ${SENT}) g;
     analyze outbox;
     insert into outbox (dedup_key, platform, chat_external_id, text, status, available_at, created_at)
       select 'due' || g, 'telegram', 'c' || (g % 12000), '…', 'pending', '${AT.toISOString()}', '${AT.toISOString()}'
       from generate_series(1, ${PENDING}) g;`,
  );
  const at = new Date(AT.getTime() + 30_000);
  const free = () => rawScript(handle, `update outbox set locked_until = null, attempts = 0 where status = 'pending'`);
  const bare = `update outbox set locked_until = $1 where id in (
      select id from outbox where status = 'pending' and available_at <= $2 and (locked_until is null or locked_until <= $2)
      order by id limit 50 for update skip locked) returning id`;
  const claim: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = now();
    const rows = await claimDue(handle.db, ['telegram'], at, 60_000, 50);
    claim.push(now() - t);
    if (rows.length !== 50) throw new Error(`claimed ${rows.length}, expected 50`);
    await free();
    t = now();
    await raw(handle, bare, [new Date(at.getTime() + 60_000).toISOString(), at.toISOString()]);
    baseline.push(now() - t);
    await free();
  }
  const c = stats(claim);
  const b = stats(baseline);
  printTable(
    `outbox claim of 50 rows, ${handle.kind}: ${PENDING.toLocaleString('en-US')} pending rows just queued (not analysed) beside ${SENT.toLocaleString('en-US')} sent; ${ROUNDS} rounds (${load()})`,
    ['what', 'median ms', 'min ms', 'max ms', '÷ baseline'],
    [
      ['claimDue: the first waiting row of each chat, locked and leased', ms(c.medianMs), ms(c.minMs), ms(c.maxMs), ratio(c.medianMs, b.medianMs)],
      ['BASELINE the 50 oldest pending rows, locked and leased (no per-chat order)', ms(b.medianMs), ms(b.minMs), ms(b.maxMs), '1.0×'],
    ],
  );
}

async function benchBackend(kind: BackendKind): Promise<void> {
  const handle = await openBenchDb(kind);
  try {
    header('outbox claim after a burst', kind, handle);
    await run(handle);
  } finally {
    await handle.dispose();
  }
}

export async function main(): Promise<void> {
  for (const kind of benchBackends()) await benchBackend(kind);
}

if (isMain(import.meta.url)) runMain(main);
