/**
 * Study at branch scale: broadcasting one item to 1,000 classrooms (1,000 outbox rows) and /study status over
 * 100,000 members (half of them with a note), each next to a bare insert / bare select on the raw driver in the
 * same run. Writes bench/RESULTS-study.md (one section per backend).
 *
 *   npx tsx bench/study.ts       (BENCH_BACKENDS=postgres|pglite, BENCH_DATABASE_URL=postgres://…)
 */
import { createApp } from '../src/app/app';
import { silentLogger } from '../src/log';
import { enqueue } from '../src/outbox/enqueue';
import { postToRooms } from '../src/audience/audience';
import { roomsInScope } from '../src/audience/rooms';
import { studyCounts } from '../src/study/progress';
import { getItem } from '../src/study/study.service';
import type { BackendKind, BenchDb, SeededOrg, Stats } from './lib';
import {
  benchBackends,
  commandFrom,
  header,
  int,
  isMain,
  load,
  machine,
  ms,
  now,
  openBenchDb,
  printTable,
  ratio,
  raw,
  rawScript,
  runMain,
  secondsSince,
  seedOrg,
  timeEach,
} from './lib';
import { writeSection } from './study-results';

const GROUPS = Number(process.env.BENCH_GROUPS ?? 1000);
const PER_GROUP = 100;
const CLOCK = new Date('2026-12-01T02:00:00Z');
const NOTE = '学习了党章总纲，体会到党员要在岗位上发挥先锋模范作用，把学习和烟叶收购工作结合起来。';

type Row = (string | number)[];
const row = (label: string, s: Stats, rows: string, base: Stats): Row => [
  label,
  rows,
  int(s.n),
  ms(s.medianMs),
  ms(s.p95Ms),
  ms(base.medianMs),
  ratio(s.medianMs, base.medianMs),
];
const HEADER = ['what', 'rows', 'n', 'median ms', 'p95 ms', 'baseline median ms', '÷ baseline'];

async function outboxCount(handle: BenchDb): Promise<number> {
  const [c] = await raw<{ n: number }>(handle, 'select count(*)::int as n from outbox');
  return Number(c?.n);
}

async function measureBroadcast(handle: BenchDb, org: SeededOrg): Promise<Row[]> {
  const { db } = handle;
  const app = createApp({ db, clock: () => CLOCK, log: silentLogger() });
  let seq = 0;
  const post = (text: string) => commandFrom(org, org.secretary, `p${++seq}`, text, CLOCK);
  const rooms = await roomsInScope(db, org.branchId, null);
  if (rooms.length !== GROUPS) throw new Error(`expected ${GROUPS} classrooms, found ${rooms.length}`);
  const bare = `insert into outbox (dedup_key, platform, chat_external_id, text, available_at, created_at)
    select $1 || ':' || g, 'bench', 'room-' || g, $2, now(), now() from generate_series(1, ${GROUPS}) g`;
  await app.handleInbound(post('/study post 热身 | 预热 | 2026-12-20'));
  await raw(handle, bare, ['warm', NOTE]);
  const before = await outboxCount(handle);
  const r = {
    bare: await timeEach(10, (i) => raw(handle, bare, [`bare${i}`, NOTE])),
    rowByRow: await timeEach(3, (i) =>
      db.transaction(async (tx) => {
        for (const room of rooms)
          await enqueue(tx, CLOCK, { dedupKey: `rbr${i}:${room.externalId}`, platform: room.platform, chatId: room.externalId, text: NOTE });
      }),
    ),
    service: await timeEach(10, (i) =>
      db.transaction(async (tx) =>
        postToRooms(tx, CLOCK, [{ rooms: await roomsInScope(tx, org.branchId, null), text: NOTE, dedupKey: `svc${i}`, purpose: 'bench' }]),
      ),
    ),
    command: await timeEach(10, async (i) => {
      const out = await app.handleInbound(post(`/study post 学习党章 ${i} | 第一章 总纲 | 2026-12-20`));
      if (!out[0]?.text.includes(`${GROUPS} 个课堂`)) throw new Error(`unexpected reply: ${out[0]?.text}`);
    }),
  };
  const written = (await outboxCount(handle)) - before;
  const expected = (10 + 3 + 10 + 10) * GROUPS;
  if (written !== expected) throw new Error(`wrote ${written} outbox rows, expected ${expected}`);
  const base = r.bare as Stats;
  return [
    row(`BASELINE raw insert … select generate_series (${GROUPS} rows, one statement)`, base, int(GROUPS), base),
    row(`enqueue() row by row, ${GROUPS} statements in one transaction`, r.rowByRow as Stats, int(GROUPS), base),
    row('roomsInScope + postToRooms() (one multi-row INSERT)', r.service as Stats, int(GROUPS), base),
    row('handleInbound /study post, whole branch (the command)', r.command as Stats, int(GROUPS), base),
  ];
}

async function measureStatus(handle: BenchDb, org: SeededOrg): Promise<Row[]> {
  const { db } = handle;
  const app = createApp({ db, clock: () => CLOCK, log: silentLogger() });
  const item = await getItem(db, org.branchId, 1);
  if (!item) throw new Error('item #1 missing');
  await rawScript(
    handle,
    `insert into study_notes (item_id, member_id, passage_no, note, late, created_at, updated_at)
       select 1, member_id, 0, '${NOTE}', false, now() - (member_id % 1000) * interval '1 minute', now() from roles
       where role in ('member', 'leader') and member_id % 2 = 0;
     analyze;`,
  );
  let seq = 0;
  const ask = () => commandFrom(org, org.secretary, `s${++seq}`, '/study status 1', CLOCK);
  const bareSelect = 'select id, name from members where branch_id = $1';
  const bareCount = `select count(*)::int as total, count(n.id)::int as done from roles r join members m on m.id = r.member_id
    left join study_notes n on n.item_id = 1 and n.member_id = r.member_id and n.passage_no = 0
    where m.branch_id = $1 and r.role in ('member', 'leader') and m.active`;
  const [sanity] = await raw<{ total: number; done: number }>(handle, bareCount, [org.branchId]);
  await app.handleInbound(ask());
  let replyChars = 0;
  const r = {
    select: await timeEach(10, async () => {
      const rows = await raw(handle, bareSelect, [org.branchId]);
      if (rows.length < org.members.length) throw new Error('bare select short');
    }),
    count: await timeEach(10, () => raw(handle, bareCount, [org.branchId])),
    counts: await timeEach(10, () => studyCounts(db, item)),
    command: await timeEach(10, async () => {
      const out = await app.handleInbound(ask());
      const text = out[0]?.text ?? '';
      if (!text.includes(`已学 ${sanity?.done}/${sanity?.total} 人`)) throw new Error(`unexpected status: ${text.slice(0, 200)}`);
      replyChars = text.length;
    }),
  };
  const base = r.select as Stats;
  return [
    row('BASELINE raw select id, name from members (the whole branch)', base, int(org.members.length + 1), base),
    row('BASELINE raw count(*), count(note) with the left join, hand-written', r.count as Stats, '1', base),
    row('studyCounts(db, item) (per group, in the database)', r.counts as Stats, int(GROUPS), base),
    row(`handleInbound /study status 1 as the secretary (reply ${int(replyChars)} chars)`, r.command as Stats, 'capped lists', base),
  ];
}

async function benchBackend(kind: BackendKind): Promise<string> {
  const handle = await openBenchDb(kind);
  try {
    header('study', kind, handle);
    const t = now();
    const org = await seedOrg(handle, GROUPS, PER_GROUP, CLOCK);
    const seeded = `seeded ${int(org.members.length)} members in ${int(org.groupIds.length)} groups (one classroom each) in ${secondsSince(t)} s`;
    console.log(seeded);
    const broadcastRows = await measureBroadcast(handle, org);
    const statusRows = await measureStatus(handle, org);
    const t1 = `Broadcast one study item to ${int(GROUPS)} classrooms (outbox rows written), ${kind}`;
    const t2 = `/study status over ${int(org.members.length)} members (half with a note), ${kind}`;
    printTable(t1, HEADER, broadcastRows);
    printTable(t2, HEADER, statusRows);
    const table = (title: string, rows: Row[]) =>
      [
        `### ${title}`,
        '',
        `| ${HEADER.join(' | ')} |`,
        `|${HEADER.map((_, i) => (i > 1 ? '---:' : '---')).join('|')}|`,
        ...rows.map((r) => `| ${r.join(' | ')} |`),
      ].join('\n');
    return [`${seeded}; ${machine()}, ${load()}.`, '', table(t1, broadcastRows), '', table(t2, statusRows)].join('\n');
  } finally {
    await handle.dispose();
  }
}

export async function main(): Promise<void> {
  for (const kind of benchBackends()) writeSection(kind, await benchBackend(kind));
}

if (isMain(import.meta.url)) runMain(main);
