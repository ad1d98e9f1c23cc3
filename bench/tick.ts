/**
 * One Scheduler.tick at 08:00 local that finds 10,000 groups' daily prompts due, claims the 10,000 slots and writes
 * 10,000 outbox rows; the tick right after (everything already claimed); a quiet tick (nothing due). Baseline:
 * the same job_runs and outbox rows inserted bare in one transaction as multi-row inserts (5,000 rows a statement,
 * the parameter limit), in the same run. Then, once, the 21:00 tick that closes every group's day (its summary).
 * Both backends.
 *
 *   npx tsx bench/tick.ts    (BENCH_BACKENDS=pglite|postgres, BENCH_TICK_GROUPS=10000,
 *                             BENCH_TICK_ROW_BASELINES=1 adds the row-by-row baselines)
 */
import { and, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobRuns, outbox } from '../db/schema';
import { isRequiredDay, PACKAGE_CALENDAR } from '../src/calendar/required-days';
import { ALL_JOBS } from '../src/app/features';
import { slotKey } from '../src/jobs/job';
import { Scheduler } from '../src/jobs/scheduler';
import { ROWS_PER_INSERT } from '../src/outbox/enqueue';
import type { TickResult } from '../src/jobs/scheduler';
import { silentLogger } from '../src/log';
import { zonedInstant } from '../src/time';
import type { BackendKind, BenchDb, Stats } from './lib';
import {
  benchBackends,
  countsAsStatement,
  header,
  int,
  isMain,
  load,
  ms,
  now,
  observingDb,
  openBenchDb,
  printTable,
  ratio,
  raw,
  rawScript,
  runMain,
  secondsSince,
  seedOrg,
  stats,
} from './lib';

const TZ = 'Asia/Shanghai';
const GROUPS = Number(process.env.BENCH_TICK_GROUPS ?? 10_000);
const ROW_BASELINES = process.env.BENCH_TICK_ROW_BASELINES === '1';
/** Statements of the bare multi-row baseline: each table's rows in inserts of ROWS_PER_INSERT. */
const BASELINE_STATEMENTS = 2 * Math.ceil(GROUPS / ROWS_PER_INSERT);
const PER_GROUP = 3;
/**
 * Workdays in December 2026: one 08:00 tick per day, each with fresh slots. No Monday: there the 10:30 "quiet" tick
 * is the last minute of the weekly digest's grace window and would build every group's report. Not 1 or 15
 * December: their 09:00 notice that next year's calendar is missing is still in its grace window at 10:30.
 */
const DAYS = ['2026-12-02', '2026-12-03', '2026-12-04'];
const COUNTED_DAY = '2026-12-08';
const PREVIOUS_WORKDAY = '2026-12-07';

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = now();
  const value = await fn();
  return { ms: now() - t, value };
}

function expectRan(r: TickResult, n: number, what: string) {
  if (r.failed !== 0 || r.ran.length !== n) throw new Error(`${what}: ran ${r.ran.length}, failed ${r.failed}; expected ${n} and 0`);
}

/** The bare writes a claiming tick makes, without the scheduler: `rowsPerStatement` rows per insert. */
async function bareWrites(db: Db, day: string, label: string, mode: 'one-tx-multirow' | 'one-tx-per-row' | 'tx-per-slot') {
  const at = zonedInstant(day, '08:00', TZ);
  const run = (g: number) => ({ job: `bench.${label}`, key: slotKey(day, 'prompt', g), ranAt: at });
  const row = (g: number) => ({
    dedupKey: `bench.${label}:g${g}:${day}:bench:room-${g}`,
    platform: 'bench',
    chatExternalId: `room-${g}`,
    text: `📋 ${day} 星期二，今日应报 ${PER_GROUP} 人。请回复本消息报告地点和状态，例如：云南曲靖 在岗 一切正常`,
    actions: [
      { label: '✅ 平安在岗', command: '/checkin 平安 在岗' },
      { label: '🚄 出差途中', command: '/checkin 出差途中' },
    ],
    purpose: 'checkin.prompt',
    purposeRef: { groupId: g, localDate: day },
    availableAt: at,
    createdAt: at,
  });
  const ids = Array.from({ length: GROUPS }, (_, i) => i + 1);
  if (mode === 'one-tx-multirow') {
    await db.transaction(async (tx) => {
      for (let i = 0; i < ids.length; i += ROWS_PER_INSERT) await tx.insert(jobRuns).values(ids.slice(i, i + ROWS_PER_INSERT).map(run));
      for (let i = 0; i < ids.length; i += ROWS_PER_INSERT) await tx.insert(outbox).values(ids.slice(i, i + ROWS_PER_INSERT).map(row));
    });
  } else if (mode === 'one-tx-per-row') {
    await db.transaction(async (tx) => {
      for (const g of ids) {
        await tx.insert(jobRuns).values(run(g));
        await tx.insert(outbox).values(row(g));
      }
    });
  } else {
    for (const g of ids) {
      await db.transaction(async (tx) => {
        await tx.insert(jobRuns).values(run(g));
        await tx.insert(outbox).values(row(g));
      });
    }
  }
}

async function benchBackend(kind: BackendKind): Promise<void> {
  const handle = await openBenchDb(kind);
  try {
    header('scheduler tick', kind, handle);
    await run(handle);
  } finally {
    await handle.dispose();
  }
}

async function run(handle: BenchDb): Promise<void> {
  const { db } = handle;
  for (const d of [...DAYS, COUNTED_DAY]) if (!isRequiredDay(d, 'workdays', PACKAGE_CALENDAR)) throw new Error(`${d} is not a workday`);
  const t = now();
  const org = await seedOrg(handle, GROUPS, PER_GROUP, zonedInstant(DAYS[0] as string, '07:00', TZ));
  console.log(`seeded ${int(org.groupIds.length)} groups with a bound chat and ${PER_GROUP} members each in ${secondsSince(t)} s`);
  const scheduler = new Scheduler({ db, clock: () => new Date(), jobs: ALL_JOBS, log: silentLogger() });
  console.log(`jobs asked each tick: ${ALL_JOBS.map((j) => j.name).join(', ')}`);

  // Warm-up on a day outside the measured ones (JIT, plans): a claiming tick and the bare writes.
  expectRan(await scheduler.tick(zonedInstant('2026-11-30', '08:00', TZ)), GROUPS, 'warm-up tick');
  await bareWrites(db, '2026-11-30', 'warm', 'one-tx-multirow');
  if (ROW_BASELINES) await bareWrites(db, '2026-11-30', 'warm-rows', 'one-tx-per-row');

  const claim: number[] = [];
  const after: number[] = [];
  const quiet: number[] = [];
  const base: Record<'multirow' | 'perRow' | 'perSlot', number[]> = { multirow: [], perRow: [], perSlot: [] };
  for (const day of DAYS) {
    const first = await timed(() => scheduler.tick(zonedInstant(day, '08:00', TZ)));
    expectRan(first.value, GROUPS, `08:00 tick on ${day}`);
    claim.push(first.ms);
    const second = await timed(() => scheduler.tick(zonedInstant(day, '08:01', TZ)));
    expectRan(second.value, 0, `08:01 tick on ${day}`);
    after.push(second.ms);
    const idle = await timed(() => scheduler.tick(zonedInstant(day, '10:30', TZ)));
    expectRan(idle.value, 0, `10:30 tick on ${day}`);
    quiet.push(idle.ms);
    base.multirow.push((await timed(() => bareWrites(db, day, 'multirow', 'one-tx-multirow'))).ms);
    if (ROW_BASELINES) {
      base.perRow.push((await timed(() => bareWrites(db, day, 'rows', 'one-tx-per-row'))).ms);
      base.perSlot.push((await timed(() => bareWrites(db, day, 'slots', 'tx-per-slot'))).ms);
    }
    const [written] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(and(eq(outbox.purpose, 'checkin.prompt'), like(outbox.dedupKey, `checkin.prompt:%:${day}:%`)));
    if (Number(written?.n) !== GROUPS) throw new Error(`${day}: ${written?.n} prompt rows in the outbox, expected ${GROUPS}`);
  }

  // Statements per tick, on a drizzle instance that logs each one (BEGIN/COMMIT left out, see TX_CONTROL).
  let statements = 0;
  const kinds = new Map<string, number>();
  const counting = new Scheduler({
    db: await observingDb(handle, (q) => {
      if (!countsAsStatement(q)) return;
      statements++;
      const kind = q.replace(/\s+/g, ' ').slice(0, 90);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }),
    clock: () => new Date(),
    jobs: ALL_JOBS,
    log: silentLogger(),
  });
  const countedClaim = await counting.tick(zonedInstant(COUNTED_DAY, '08:00', TZ));
  expectRan(countedClaim, GROUPS, 'counted tick');
  const claimStatements = statements;
  const claimKinds = [...kinds].sort((a, b) => b[1] - a[1]);
  statements = 0;
  await counting.tick(zonedInstant(COUNTED_DAY, '08:01', TZ));
  const afterStatements = statements;
  statements = 0;
  await counting.tick(zonedInstant(COUNTED_DAY, '10:30', TZ));
  const quietStatements = statements;

  // The day's close at 21:00: every group's deadline slot, with its summary. Two of each group's three reported
  // that day and everyone the workday before, so nobody is silent long enough for an alert (one a person).
  await rawScript(
    handle,
    `insert into checkins (member_id, group_id, local_date, place, status, raw_text, reported_at, updated_at)
       select r.member_id, r.group_id, d.day::date, '云南曲靖', '在岗', '云南曲靖 在岗', now(), now()
       from roles r, (values ('${PREVIOUS_WORKDAY}'), ('${COUNTED_DAY}')) d(day)
       where r.role in ('member', 'leader') and (d.day = '${PREVIOUS_WORKDAY}' or r.member_id % ${PER_GROUP} <> 0);
     analyze checkins;`,
  );
  statements = 0;
  kinds.clear();
  const deadline = await timed(() => counting.tick(zonedInstant(COUNTED_DAY, '21:00', TZ)));
  expectRan(deadline.value, GROUPS, 'deadline tick');
  const deadlineStatements = statements;
  const deadlineKinds = [...kinds].sort((a, b) => b[1] - a[1]);
  const [closes] = await raw<{ n: number }>(
    handle,
    `select count(*)::int as n from outbox where dedup_key like 'checkin.deadline:%:${COUNTED_DAY}%' and chat_external_id like 'room-%'`,
  );
  if (Number(closes?.n) !== GROUPS) throw new Error(`deadline tick: ${closes?.n} summaries in the outbox, expected ${GROUPS}`);
  const [totals] = await raw<{ runs: number; rows: number }>(
    handle,
    'select (select count(*) from job_runs)::int as runs, (select count(*) from outbox)::int as rows',
  );

  const b = stats(base.multirow);
  const row = (label: string, s: Stats, stmts: string) => [
    label,
    stmts,
    int(s.n),
    ms(s.medianMs),
    ms(s.minMs),
    ms(s.maxMs),
    ms(s.medianMs / GROUPS),
    ratio(s.medianMs, b.medianMs),
  ];
  printTable(
    `scheduler tick, ${handle.kind}: ${int(GROUPS)} groups, 08:00 on ${DAYS.length} workdays (${int(Number(totals?.runs))} job_runs and ${int(Number(totals?.rows))} outbox rows at the end; ${load()})`,
    ['what', 'statements', 'n', 'median ms', 'min ms', 'max ms', 'per group ms', '÷ baseline'],
    [
      row(`tick 08:00: claims ${GROUPS} prompt slots, writes ${GROUPS} outbox rows`, stats(claim), String(claimStatements)),
      row('tick 08:01: same slots due, all already claimed', stats(after), String(afterStatements)),
      row('tick 10:30: nothing due', stats(quiet), String(quietStatements)),
      row(
        `tick 21:00 (${COUNTED_DAY}, statements counted): ${GROUPS} day closes, each group's summary`,
        stats([deadline.ms]),
        String(deadlineStatements),
      ),
      row(`BASELINE ${GROUPS} job_runs + ${GROUPS} outbox rows, 1 tx, multi-row inserts`, b, String(BASELINE_STATEMENTS)),
      ...(ROW_BASELINES
        ? [
            row(`bare ${2 * GROUPS} single-row inserts in 1 tx`, stats(base.perRow), String(2 * GROUPS)),
            row(`bare ${GROUPS} tx of (1 job_run + 1 outbox row)`, stats(base.perSlot), String(2 * GROUPS)),
          ]
        : []),
    ],
  );
  console.log(`\nstatements of the claiming tick (${claimStatements}), by kind:`);
  for (const [kind, n] of claimKinds) console.log(`  ${String(n).padStart(5)} × ${kind}…`);
  console.log(`\nstatements of the 21:00 tick (${deadlineStatements}), by kind:`);
  for (const [kind, n] of deadlineKinds) console.log(`  ${String(n).padStart(5)} × ${kind}…`);
}

export async function main(): Promise<void> {
  for (const kind of benchBackends()) await benchBackend(kind);
}

if (isMain(import.meta.url)) runMain(main);
