/**
 * "Who has not reported" over 1,000 groups × 100 members and ~3 M check-ins (33 days, about one member in ten
 * silent each day, 1 % on approved leave): the service (unreportedMembers) and the full /unreported command as a
 * leader (one group) and as the secretary (the whole organisation), next to bare queries on the raw driver.
 * Prints the EXPLAIN (ANALYZE, BUFFERS) of the SQL drizzle generates for unreportedMembers.
 *
 *   npx tsx bench/unreported.ts       (BENCH_BACKENDS=postgres|pglite, BENCH_PGLITE_SEED_BUDGET_S=240)
 */
import { unreportedMembers } from '../src/checkins/checkins.service';
import { createApp } from '../src/app/app';
import { silentLogger } from '../src/log';
import { shiftDate, zonedInstant } from '../src/time';
import type { BackendKind, BenchDb, SeededOrg, Stats } from './lib';
import {
  benchBackends,
  commandFrom,
  countsAsStatement,
  explainAnalyze,
  header,
  int,
  isMain,
  load,
  ms,
  now,
  observingDb,
  openBenchDb,
  printPlan,
  printTable,
  ratio,
  raw,
  rawScript,
  runMain,
  secondsSince,
  seedOrg,
  timeEach,
} from './lib';

const TZ = 'Asia/Shanghai';
const DAY = '2026-12-01';
const GROUPS = Number(process.env.BENCH_GROUPS ?? 1000);
const PER_GROUP = 100;
const DAYS = Number(process.env.BENCH_DAYS ?? 33);
const PGLITE_SEED_BUDGET_S = Number(process.env.BENCH_PGLITE_SEED_BUDGET_S ?? 240);

class SeedTooSlow extends Error {}

/** Check-ins for DAYS days ending on DAY, one statement per day, so a slow backend can be stopped early. */
async function seedCheckins(handle: BenchDb, budgetS: number): Promise<{ rows: number; seconds: number }> {
  const started = now();
  const first = shiftDate(DAY, -(DAYS - 1));
  for (let d = 0; d < DAYS; d++) {
    const date = shiftDate(first, d);
    // Bulk load: the rows are consistent by construction, so the per-row foreign-key triggers are switched off for
    // this statement only (SET LOCAL ends with the implicit transaction of the string); about 4× faster.
    await rawScript(
      handle,
      `set local session_replication_role = replica;
       insert into checkins (member_id, group_id, local_date, place, status, note, raw_text, source_chat_id, reported_at, updated_at)
       select r.member_id, r.group_id, date '${date}', '云南曲靖', '在岗', '一切正常', '云南曲靖 在岗 一切正常', c.id,
              (date '${date}' + time '09:00' + (r.member_id % 600) * interval '1 minute') at time zone '${TZ}',
              (date '${date}' + time '09:00' + (r.member_id % 600) * interval '1 minute') at time zone '${TZ}'
       from roles r join chats c on c.group_id = r.group_id
       where r.role in ('member', 'leader') and hashint4(r.member_id * 64 + ${d}) % 10 <> 0`,
    );
    const elapsed = (now() - started) / 1000;
    const projected = (elapsed / (d + 1)) * DAYS;
    if (projected > budgetS) {
      throw new SeedTooSlow(
        `${d + 1} of ${DAYS} days of check-ins took ${elapsed.toFixed(0)} s; all ${DAYS} would take ≈ ${projected.toFixed(0)} s, over the ${budgetS} s budget`,
      );
    }
  }
  // Approved leave covering DAY for 1 % of the members, plus as many older, finished ones.
  await rawScript(
    handle,
    `insert into leave_requests (member_id, group_id, from_date, to_date, reason, status, created_at)
       select member_id, group_id, date '${DAY}' - 3, date '${DAY}' + 3, '探亲', 'approved', now()
       from roles where role = 'member' and member_id % 100 = 7;
     insert into leave_requests (member_id, group_id, from_date, to_date, reason, status, created_at)
       select member_id, group_id, date '${DAY}' - 20, date '${DAY}' - 15, '休假', 'approved', now()
       from roles where role = 'member' and member_id % 100 = 42;`,
  );
  // On its own: VACUUM cannot run inside the implicit transaction of a multi-statement string.
  await rawScript(handle, 'vacuum analyze');
  const [count] = await raw<{ n: number }>(handle, 'select count(*)::int as n from checkins');
  return { rows: Number(count?.n), seconds: (now() - started) / 1000 };
}

async function benchBackend(kind: BackendKind): Promise<void> {
  const handle = await openBenchDb(kind);
  try {
    header('unreported', kind, handle);
    const clockAt = zonedInstant(DAY, '20:00', TZ);
    const t = now();
    const org = await seedOrg(handle, GROUPS, PER_GROUP, clockAt);
    console.log(`seeded ${int(org.members.length)} members in ${int(org.groupIds.length)} groups in ${secondsSince(t)} s`);
    let seeded: { rows: number; seconds: number };
    try {
      seeded = await seedCheckins(handle, kind === 'pglite' ? PGLITE_SEED_BUDGET_S : Number.POSITIVE_INFINITY);
    } catch (err) {
      if (!(err instanceof SeedTooSlow)) throw err;
      console.log(`\nSKIPPED on ${kind}: ${err.message}.`);
      return;
    }
    console.log(`seeded ${int(seeded.rows)} check-ins (+ leave, vacuum analyze) in ${seeded.seconds.toFixed(1)} s`);
    await measure(handle, org, clockAt);
  } finally {
    await handle.dispose();
  }
}

async function measure(handle: BenchDb, org: SeededOrg, clockAt: Date): Promise<void> {
  const { db } = handle;
  const groupIds = org.groupIds;
  const leaders = org.members.filter((m) => m.leader);
  const app = createApp({ db, clock: () => clockAt, log: silentLogger() });
  let seq = 0;
  const asLeader = (i: number) => commandFrom(org, leaders[i % leaders.length] as (typeof leaders)[number], `l${++seq}`, '/unreported', clockAt);
  const asSecretary = () => commandFrom(org, org.secretary, `s${++seq}`, '/unreported', clockAt);

  // The SQL unreportedMembers sends, captured on the wire (not re-typed here).
  const captured: { query: string; params: unknown[] }[] = [];
  const observing = await observingDb(handle, (query, params) => captured.push({ query, params }));
  const onDay = (ids: number[]) => ids.map((groupId) => ({ groupId, date: DAY, tz: TZ }));
  const oneGroup = await unreportedMembers(observing, onDay([groupIds[0] as number]));
  const wholeOrg = await unreportedMembers(observing, onDay(groupIds));
  const [oneSql, orgSql] = captured as [(typeof captured)[number], (typeof captured)[number]];
  // The groups and their day travel as one JSON parameter (the first): the same statement for another group.
  const oneParams = (id: unknown) => [JSON.stringify([{ group_id: id, day: DAY, tz: TZ }]), ...oneSql.params.slice(1)];

  // Baselines on the raw driver: a bare count, and the NOT EXISTS query written by hand.
  const countSql = 'select count(*)::int as n from checkins where local_date = $1';
  const handWritten = (scope: string) => `select m.id, m.name, r.group_id from roles r join members m on m.id = r.member_id
    where ${scope} and r.role in ('member', 'leader') and m.active
      and not exists (select 1 from checkins c where c.member_id = m.id and c.local_date = $2)
      and not exists (select 1 from leave_requests l where l.member_id = m.id and l.status = 'approved' and l.from_date <= $2 and l.to_date >= $2)
    order by r.group_id, m.id`;
  const handOne = handWritten('r.group_id = $1');
  const handOrg = handWritten('r.group_id in (select id from groups where branch_id = $1)');

  // Sanity: the hand-written query agrees with the service, and the command agrees with both.
  const handOrgRows = await raw(handle, handOrg, [org.branchId, DAY]);
  if (handOrgRows.length !== wholeOrg.length) throw new Error(`hand-written ${handOrgRows.length} ≠ service ${wholeOrg.length}`);
  const [reported] = await raw<{ n: number }>(handle, countSql, [DAY]);

  // Warm-up.
  for (let i = 0; i < 20; i++) {
    await unreportedMembers(db, onDay([groupIds[i] as number]));
    await raw(handle, handOne, [groupIds[i], DAY]);
    await app.handleInbound(asLeader(i));
  }
  for (let i = 0; i < 20; i++) await raw(handle, oneSql.query, oneParams(groupIds[i]));
  await unreportedMembers(db, onDay(groupIds));
  await raw(handle, orgSql.query, orgSql.params);
  await raw(handle, handOrg, [org.branchId, DAY]);
  await raw(handle, countSql, [DAY]);

  const gid = (i: number) => groupIds[(i * 37) % groupIds.length] as number;
  let secretaryReplies = 0;
  let leaderReplies = 0;
  const r: Record<string, Stats> = {
    count: await timeEach(20, () => raw(handle, countSql, [DAY])),
    handOne: await timeEach(200, (i) => raw(handle, handOne, [gid(i), DAY])),
    drizzleSqlOne: await timeEach(200, (i) => raw(handle, oneSql.query, oneParams(gid(i)))),
    serviceOne: await timeEach(200, (i) => unreportedMembers(db, onDay([gid(i)]))),
    leader: await timeEach(200, async (i) => {
      leaderReplies = (await app.handleInbound(asLeader(i))).length;
    }),
    handOrg: await timeEach(10, () => raw(handle, handOrg, [org.branchId, DAY])),
    drizzleSqlOrg: await timeEach(10, () => raw(handle, orgSql.query, orgSql.params)),
    serviceOrg: await timeEach(10, () => unreportedMembers(db, onDay(groupIds))),
    perGroupLoop: await timeEach(3, () =>
      db.transaction(async (tx) => {
        for (const id of groupIds) await unreportedMembers(tx, onDay([id]));
      }),
    ),
    secretary: await timeEach(3, async () => {
      const out = await app.handleInbound(asSecretary());
      secretaryReplies = out.length;
      if (!out[0]?.text.includes('小组')) throw new Error(`unexpected reply: ${out[0]?.text}`);
    }),
  };

  const statements: Record<string, number> = {};
  for (const [name, msg] of [
    ['leader', asLeader(1)],
    ['secretary', asSecretary()],
  ] as const) {
    let n = 0;
    const counting = createApp({
      db: await observingDb(handle, (q) => {
        if (countsAsStatement(q)) n++;
      }),
      clock: () => clockAt,
      log: silentLogger(),
    });
    await counting.handleInbound(msg);
    statements[name] = n;
  }

  const row = (label: string, s: Stats, stmts: string, base: Stats, rows: string) => [
    label,
    stmts,
    rows,
    int(s.n),
    ms(s.medianMs),
    ms(s.p95Ms),
    ms(base.medianMs),
    ratio(s.medianMs, base.medianMs),
  ];
  const per = Math.round(wholeOrg.length / groupIds.length);
  printTable(
    `unreported, ${handle.kind}: ${int(org.members.length)} members, ${int(groupIds.length)} groups, day ${DAY} (${int(Number(reported?.n))} reported, ${int(wholeOrg.length)} unreported; ${load()})`,
    ['what', 'statements', 'rows out', 'n', 'median ms', 'p95 ms', 'baseline median ms', '÷ baseline'],
    [
      row('BASELINE raw select count(*) … where local_date = $1', r.count as Stats, '1', r.count as Stats, '1'),
      row('BASELINE raw hand-written NOT EXISTS, one group', r.handOne as Stats, '1', r.handOne as Stats, `≈${per}`),
      row("the service's SQL on the raw driver (prepared on postgres)", r.drizzleSqlOne as Stats, '1', r.handOne as Stats, `≈${per}`),
      row('unreportedMembers(db, [group])', r.serviceOne as Stats, '1', r.handOne as Stats, `≈${per}`),
      row('handleInbound /unreported as a leader', r.leader as Stats, String(statements.leader), r.handOne as Stats, `${leaderReplies} replies`),
      row('BASELINE raw hand-written NOT EXISTS, whole org', r.handOrg as Stats, '1', r.handOrg as Stats, int(handOrgRows.length)),
      row("the service's SQL on the raw driver (prepared on postgres)", r.drizzleSqlOrg as Stats, '1', r.handOrg as Stats, int(wholeOrg.length)),
      row(`unreportedMembers(db, ${groupIds.length} groups)`, r.serviceOrg as Stats, '1', r.handOrg as Stats, int(wholeOrg.length)),
      row(
        `${groupIds.length} × unreportedMembers(db, [group]) in 1 tx (the command's loop before the fix)`,
        r.perGroupLoop as Stats,
        String(groupIds.length),
        r.handOrg as Stats,
        int(wholeOrg.length),
      ),
      row(
        'handleInbound /unreported as the secretary',
        r.secretary as Stats,
        String(statements.secretary),
        r.handOrg as Stats,
        `${secretaryReplies} replies`,
      ),
    ],
  );

  printPlan(
    `EXPLAIN (ANALYZE, BUFFERS) unreportedMembers, one group — ${handle.kind}; SQL as drizzle sends it:\n\n    ${oneSql.query}\n    params ${JSON.stringify(oneSql.params)}`,
    await explainAnalyze(handle, oneSql.query, oneSql.params),
  );
  printPlan(
    `EXPLAIN (ANALYZE, BUFFERS) unreportedMembers, ${groupIds.length} groups — ${handle.kind} (same SQL with ${orgSql.params.length} parameters)`,
    await explainAnalyze(handle, orgSql.query, orgSql.params),
  );
  printPlan(`EXPLAIN (ANALYZE, BUFFERS) baseline count — ${handle.kind}`, await explainAnalyze(handle, countSql, [DAY]));
  if (oneGroup.length === 0) throw new Error('nobody unreported in the first group: the seed is wrong');
}

export async function main(): Promise<void> {
  // PostgreSQL first: it is the one this benchmark is for.
  for (const kind of benchBackends().sort((a, b) => (a === 'postgres' ? -1 : b === 'postgres' ? 1 : 0))) await benchBackend(kind);
}

if (isMain(import.meta.url)) runMain(main);
