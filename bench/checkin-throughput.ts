/**
 * Check-ins per second through the whole command path (app.handleInbound: dedup → member and chat → parser →
 * role check → zod → handler, one transaction) next to a bare upsert of the same row, on each backend.
 *
 *   npx tsx bench/checkin-throughput.ts          (BENCH_BACKENDS=pglite|postgres, BENCH_CHECKINS=2000)
 */
import { sql } from 'drizzle-orm';
import { checkins } from '../db/schema';
import { createApp } from '../src/app/app';
import { silentLogger } from '../src/log';
import { zonedInstant } from '../src/time';
import type { BackendKind, BenchDb, SeededOrg, Stats } from './lib';
import {
  benchBackends,
  commandFrom,
  countsAsStatement,
  pgbenchUpsertTps,
  header,
  load,
  isMain,
  runMain,
  int,
  ms,
  observingDb,
  openBenchDb,
  printTable,
  ratio,
  raw,
  seedOrg,
  stats,
  timeEach,
} from './lib';

const TZ = 'Asia/Shanghai';
const DAY = '2026-12-01';
const TEXT = '云南曲靖 在岗 一切正常';
const COMMAND = `/checkin ${TEXT}`;
const MEASURED = Number(process.env.BENCH_CHECKINS ?? 2000);
const WARMUP = 150;
const OBSERVED = 20;
const PER_GROUP = 100;
const ROUNDS = 4;

type Member = SeededOrg['members'][number];

async function benchBackend(kind: BackendKind) {
  const db = await openBenchDb(kind);
  try {
    header('check-in throughput', kind, db);
    return await run(db);
  } finally {
    await db.dispose();
  }
}

async function run(handle: BenchDb) {
  const { db } = handle;
  const total = WARMUP + OBSERVED + MEASURED;
  let clockAt = zonedInstant(DAY, '10:00', TZ);
  const org = await seedOrg(handle, Math.ceil(total / PER_GROUP), PER_GROUP, clockAt);
  const warm = org.members.slice(0, WARMUP);
  const observed = org.members.slice(WARMUP, WARMUP + OBSERVED);
  const measured = org.members.slice(WARMUP + OBSERVED, total);
  const chatIds = new Map(
    (await raw<{ id: number; group_id: number }>(handle, 'select id, group_id from chats')).map((c) => [Number(c.group_id), Number(c.id)]),
  );

  const app = createApp({ db, clock: () => clockAt, log: silentLogger() });
  let seq = 0;
  const message = (m: Member) => commandFrom(org, m, `m${++seq}`, COMMAND, clockAt);
  const send = async (m: Member, expect: string) => {
    const out = await app.handleInbound(message(m));
    if (!out[0]?.text.includes(expect)) throw new Error(`unexpected reply: ${out.map((o) => o.text).join(' / ')}`);
  };

  // The bare upsert of the same row: the raw driver, drizzle prepared, drizzle builder (unprepared).
  const rawUpsertSql = `insert into checkins (member_id, group_id, local_date, place, status, unsafe, note, raw_text, late, proxy_by, source_chat_id, reported_at, updated_at)
    values ($1, $2, $3, '云南曲靖', '在岗', false, '一切正常', '${TEXT}', false, null, $4, $5, $5)
    on conflict (member_id, local_date) do update set place = excluded.place, status = excluded.status, note = excluded.note,
      raw_text = excluded.raw_text, updated_at = excluded.updated_at`;
  const values = (m: Member, localDate: string) => ({
    memberId: m.memberId,
    groupId: m.groupId,
    localDate,
    place: '云南曲靖',
    status: '在岗',
    unsafe: false,
    note: '一切正常',
    rawText: TEXT,
    late: false,
    proxyBy: null,
    sourceChatId: chatIds.get(m.groupId) ?? null,
    reportedAt: clockAt,
    updatedAt: clockAt,
  });
  const onConflict = {
    target: [checkins.memberId, checkins.localDate],
    set: {
      place: sql`excluded.place`,
      status: sql`excluded.status`,
      note: sql`excluded.note`,
      rawText: sql`excluded.raw_text`,
      updatedAt: sql`excluded.updated_at`,
    },
  };
  const prepared = db
    .insert(checkins)
    .values({
      ...values(measured[0] as Member, DAY),
      memberId: sql.placeholder('memberId'),
      groupId: sql.placeholder('groupId'),
      localDate: sql.placeholder('localDate'),
      sourceChatId: sql.placeholder('chatId'),
      reportedAt: sql.placeholder('now'),
      updatedAt: sql.placeholder('now'),
    })
    .onConflictDoUpdate(onConflict)
    .prepare('bench_checkin_upsert');
  const rawUpsert = (m: Member, d: string) => raw(handle, rawUpsertSql, [m.memberId, m.groupId, d, chatIds.get(m.groupId) ?? null, clockAt]);
  const preparedUpsert = (m: Member, d: string) =>
    prepared.execute({ memberId: m.memberId, groupId: m.groupId, localDate: d, chatId: chatIds.get(m.groupId) ?? null, now: clockAt });
  const builderUpsert = (m: Member, d: string) => db.insert(checkins).values(values(m, d)).onConflictDoUpdate(onConflict);

  // Warm-up: every path once over the warm-up members (JIT, plan caches, prepared statements).
  for (const m of warm) {
    await send(m, '已收到');
    await rawUpsert(m, '2026-11-20');
    await preparedUpsert(m, '2026-11-21');
    await builderUpsert(m, '2026-11-22');
  }

  // Statements per message, counted on a drizzle instance that logs each one (transaction control left out:
  // postgres-js sends BEGIN/SAVEPOINT/RELEASE/COMMIT itself and the logger never sees them).
  const counted: string[] = [];
  const countingApp = createApp({ db: await observingDb(handle, (q) => counted.push(q)), clock: () => clockAt, log: silentLogger() });
  const countOne = async (m: Member, expect: string) => {
    counted.length = 0;
    const out = await countingApp.handleInbound(message(m));
    if (!out[0]?.text.includes(expect)) throw new Error(`unexpected reply: ${out.map((o) => o.text).join(' / ')}`);
    return counted.filter(countsAsStatement).length;
  };
  const statementsNew = await countOne(observed[0] as Member, '已收到');
  const statementsUpdate = await countOne(observed[0] as Member, '已更新');

  const pgbenchBefore = await pgbenchUpsertTps(handle);

  // Blocks of each path in turn, ROUNDS times, so load from elsewhere on the machine falls on all of them alike.
  // Each path writes its own day, so every "insert" is a first row and every "update" meets an existing one.
  const block = Math.ceil(MEASURED / ROUNDS);
  const samples = { rawInsert: [], preparedInsert: [], builderInsert: [], fullNew: [], fullUpdate: [], preparedUpdate: [] } as Record<
    string,
    number[]
  >;
  const walls = Object.fromEntries(Object.keys(samples).map((k) => [k, 0])) as Record<string, number>;
  const timeBlock = async (key: string, members: Member[], fn: (m: Member) => Promise<unknown>) => {
    const s = await timeEach(members.length, (i) => fn(members[i] as Member));
    walls[key] = (walls[key] ?? 0) + s.totalMs;
    samples[key]?.push(...s.samples);
  };
  for (let round = 0; round < ROUNDS; round++) {
    const members = measured.slice(round * block, (round + 1) * block);
    await timeBlock('rawInsert', members, (m) => rawUpsert(m, '2026-11-28'));
    await timeBlock('preparedInsert', members, (m) => preparedUpsert(m, '2026-11-29'));
    await timeBlock('builderInsert', members, (m) => builderUpsert(m, '2026-11-30'));
    clockAt = zonedInstant(DAY, '10:00', TZ);
    await timeBlock('fullNew', members, (m) => send(m, '已收到'));
    clockAt = zonedInstant(DAY, '11:00', TZ);
    await timeBlock('fullUpdate', members, (m) => send(m, '已更新'));
    await timeBlock('preparedUpdate', members, (m) => preparedUpsert(m, '2026-11-29'));
  }
  const pgbenchAfter = await pgbenchUpsertTps(handle);
  const r = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v, walls[k])])) as Record<keyof typeof samples, Stats>;

  const [counts] = await raw<{ today: number; edits: number }>(
    handle,
    `select (select count(*) from checkins where local_date = $1)::int as today, (select count(*) from checkin_edits)::int as edits`,
    [DAY],
  );
  const expectedToday = WARMUP + 1 + MEASURED;
  if (Number(counts?.today) !== expectedToday || Number(counts?.edits) !== MEASURED + 1) {
    throw new Error(`rows do not add up: ${JSON.stringify(counts)}, expected ${expectedToday} check-ins and ${MEASURED + 1} edits`);
  }

  const base = (r.preparedInsert as Stats).perSecond;
  const row = (label: string, s: Stats, statements: string) => [
    label,
    statements,
    int(s.n),
    (s.totalMs / 1000).toFixed(2),
    int(s.perSecond),
    ms(s.meanMs),
    ms(s.p95Ms),
    ratio(base, s.perSecond),
  ];
  printTable(
    `check-ins, ${handle.kind} (${load()}): ${MEASURED} distinct members one after another, in ${ROUNDS} interleaved blocks per path (${WARMUP} warm-up first); baseline = drizzle prepared upsert; statements exclude BEGIN/SAVEPOINT/RELEASE/COMMIT`,
    ['path', 'statements', 'n', 'total s', 'per s', 'mean ms', 'p95 ms', 'cost ÷ baseline'],
    [
      row('raw driver upsert (insert)', r.rawInsert as Stats, '1'),
      row('BASELINE drizzle .prepare() upsert (insert)', r.preparedInsert as Stats, '1'),
      row('drizzle builder upsert, built each call (insert)', r.builderInsert as Stats, '1'),
      row('handleInbound /checkin, first of the day', r.fullNew as Stats, String(statementsNew)),
      row('handleInbound /checkin, again (edit kept)', r.fullUpdate as Stats, String(statementsUpdate)),
      row('drizzle .prepare() upsert (conflict → update)', r.preparedUpdate as Stats, '1'),
    ],
  );
  if (pgbenchBefore !== null && pgbenchAfter !== null) {
    console.log(
      `\ncalibration: pgbench -M prepared single-row upsert, 1 client, 5 s, same server: ${int(pgbenchBefore)} TPS before, ${int(pgbenchAfter)} TPS after (notes/data.md: 1,700–2,400)`,
    );
  }
  return { kind: handle.kind, ...r, statementsNew, statementsUpdate, pgbenchBefore, pgbenchAfter };
}

export async function main(): Promise<void> {
  for (const kind of benchBackends()) await benchBackend(kind);
}

if (isMain(import.meta.url)) runMain(main);
