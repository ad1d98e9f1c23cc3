/**
 * Shared pieces of the benchmarks: a throw-away database per backend, raw driver access, set-based seeding,
 * timing and table printing. Nothing here is used by the bot itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { openDb } from '../db/client';
import type { Db, DbHandle } from '../db/client';
import type { InboundMessage } from '../src/chat/types';

export type BackendKind = 'pglite' | 'postgres';

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `BENCH_BACKENDS=postgres` (or `pglite`) runs one backend only; both by default. */
export function benchBackends(required?: BackendKind[]): BackendKind[] {
  const asked = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((s) => s.trim()) as BackendKind[];
  return asked.filter((k) => (k === 'pglite' || k === 'postgres') && (!required || required.includes(k)));
}

export type BenchDb = DbHandle & {
  /** Where the data lives: a temp dir or a database name. */
  where: string;
  /** Seconds it took to create and migrate. */
  openSeconds: number;
  /** The server database's URL (PostgreSQL only). */
  url?: string;
  dispose(): Promise<void>;
};

const disposers = new Set<() => Promise<void>>();
let signalsHooked = false;

/** On Ctrl-C the temp dirs and databases still go away. */
function hookSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: cleaning up ${disposers.size} bench database(s)…`);
      Promise.allSettled([...disposers].map((d) => d())).finally(() => process.exit(130));
    });
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, migrated database: a PGlite in a temp dir, or `yemai_bench_<random>` on the server. */
export async function openBenchDb(kind: BackendKind): Promise<BenchDb> {
  hookSignals();
  const started = performance.now();
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'yemai-bench-'));
    let handle: DbHandle;
    try {
      handle = await openDb({ dataDir: dir });
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    let disposed = false;
    const dispose = async () => {
      if (disposed) return;
      disposed = true;
      disposers.delete(dispose);
      await handle.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    };
    disposers.add(dispose);
    return { ...handle, where: dir, openSeconds: (performance.now() - started) / 1000, dispose };
  }
  const name = `yemai_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(BENCH_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(BENCH_DATABASE_URL, name);
  let disposed = false;
  const drop = async () => {
    // BENCH_KEEP=1 leaves the database for a look with psql afterwards (drop it yourself).
    if (process.env.BENCH_KEEP) console.log(`kept database ${name}`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  };
  let handle: DbHandle;
  try {
    handle = await openDb({ url, maxConnections: 4 });
  } catch (err) {
    await drop();
    throw err;
  }
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    disposers.delete(dispose);
    await handle.close().catch(() => {});
    await drop();
  };
  disposers.add(dispose);
  return { ...handle, where: name, url, openSeconds: (performance.now() - started) / 1000, dispose };
}

/** The driver under drizzle (postgres-js `Sql` or a `PGlite`). */
type PgliteClient = { query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }> };
type PostgresClient = postgres.Sql;

export function driverOf(handle: DbHandle): PgliteClient | PostgresClient {
  return (handle.db as unknown as { $client: PgliteClient | PostgresClient }).$client;
}

/** A raw query on the driver itself (no drizzle), rows normalised across drivers. */
export async function raw<T = Record<string, unknown>>(handle: DbHandle, text: string, given: unknown[] = []): Promise<T[]> {
  // drizzle turns postgres-js's date serialisers off, so instants go as ISO strings on both drivers.
  const params = given.map((p) => (p instanceof Date ? p.toISOString() : p));
  if (handle.kind === 'postgres') {
    const client = driverOf(handle) as PostgresClient;
    return (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
  }
  const client = driverOf(handle) as PgliteClient;
  return (await client.query<T>(text, params)).rows;
}

/** Several statements in one string, no parameters (seeding). */
export async function rawScript(handle: DbHandle, text: string): Promise<void> {
  if (handle.kind === 'postgres') {
    await (driverOf(handle) as PostgresClient).unsafe(text);
    return;
  }
  await (driverOf(handle) as unknown as { exec(text: string): Promise<unknown> }).exec(text);
}

/** A drizzle db on the same driver connection whose every statement is reported (to count round trips). */
export async function observingDb(handle: DbHandle, onQuery: (query: string, params: unknown[]) => void): Promise<Db> {
  const schema = await import('../db/schema');
  const logger = { logQuery: onQuery };
  if (handle.kind === 'postgres') {
    const { drizzle } = await import('drizzle-orm/postgres-js');
    return drizzle(driverOf(handle) as PostgresClient, { schema, logger }) as unknown as Db;
  }
  const { drizzle } = await import('drizzle-orm/pglite');
  return drizzle(driverOf(handle) as never, { schema, logger }) as unknown as Db;
}

// ---------------------------------------------------------------------------------------------- seeding

export type SeededOrg = {
  branchId: number;
  groupIds: number[];
  /** Every reporting member (leaders included), in group order; `leader` is the first of each group. */
  members: { memberId: number; groupId: number; externalId: string; chatId: string; leader: boolean }[];
  secretary: { memberId: number; externalId: string };
  platform: string;
};

export const BENCH_PLATFORM = 'bench';

/**
 * One branch, `groups` groups of `perGroup` people (the first of each is its leader), each person with a
 * `bench` account `u<id>`, each group with one bound chat `room-<group id>`, and one secretary. All set-based.
 */
export async function seedOrg(handle: BenchDb, groups: number, perGroup: number, now: Date): Promise<SeededOrg> {
  const at = now.toISOString();
  await rawScript(
    handle,
    `
    insert into branches (name) values ('基准支部');
    insert into groups (branch_id, name)
      select b.id, '小组' || g from branches b, generate_series(1, ${groups}) g where b.name = '基准支部' order by g;
    insert into members (branch_id, name, station)
      select b.id, '成员' || g || '-' || i, '云南曲靖'
      from branches b, generate_series(1, ${groups}) g, generate_series(1, ${perGroup}) i
      where b.name = '基准支部' order by g, i;
    insert into roles (member_id, role, group_id)
      select m.id, case when m.k % ${perGroup} = 0 then 'leader' else 'member' end, gr.id
      from (select id, row_number() over (order by id) - 1 as k from members) m
      join (select id, row_number() over (order by id) - 1 as k from groups) gr on gr.k = m.k / ${perGroup};
    insert into members (branch_id, name, station) select id, '书记', '滁州卷烟厂' from branches where name = '基准支部';
    insert into roles (member_id, role, group_id) select id, 'secretary', 0 from members where name = '书记';
    insert into accounts (platform, external_id, member_id, display_name, last_seen_at)
      select '${BENCH_PLATFORM}', 'u' || id, id, name, '${at}' from members;
    insert into chats (platform, external_id, kind, title, group_id, bound_at)
      select '${BENCH_PLATFORM}', 'room-' || id, 'group', name || '群', id, '${at}' from groups order by id;
    analyze;
    `,
  );
  const [branch] = await raw<{ id: number }>(handle, `select id from branches where name = '基准支部'`);
  const groupRows = await raw<{ id: number }>(handle, 'select id from groups order by id');
  const memberRows = await raw<{ member_id: number; group_id: number; role: string }>(
    handle,
    `select r.member_id, r.group_id, r.role from roles r where r.role in ('member', 'leader') order by r.group_id, r.member_id`,
  );
  const [sec] = await raw<{ id: number }>(handle, `select id from members where name = '书记'`);
  if (!branch || !sec) throw new Error('seeding failed');
  return {
    branchId: Number(branch.id),
    groupIds: groupRows.map((g) => Number(g.id)),
    members: memberRows.map((r) => ({
      memberId: Number(r.member_id),
      groupId: Number(r.group_id),
      externalId: `u${r.member_id}`,
      chatId: `room-${r.group_id}`,
      leader: r.role === 'leader',
    })),
    secretary: { memberId: Number(sec.id), externalId: `u${sec.id}` },
    platform: BENCH_PLATFORM,
  };
}

/**
 * A command typed by a seeded person: in their group's chat when `chatId` is given, otherwise (the secretary) in
 * their private chat with the bot, whose id is their account id.
 */
export function commandFrom(
  org: SeededOrg,
  sender: { externalId: string; chatId?: string },
  messageId: string,
  text: string,
  at: Date,
): InboundMessage {
  return {
    platform: org.platform,
    messageId,
    chatId: sender.chatId ?? sender.externalId,
    chatKind: sender.chatId ? 'group' : 'private',
    senderId: sender.externalId,
    senderName: sender.externalId,
    text,
    mentionsBot: false,
    at,
  };
}

// ---------------------------------------------------------------------------------------------- timing

export const now = () => performance.now();

/** "12.3": seconds since a `now()` reading, for the progress lines. */
export const secondsSince = (start: number): string => ((now() - start) / 1000).toFixed(1);

export type Stats = {
  samples: number[];
  n: number;
  totalMs: number;
  meanMs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  perSecond: number;
};

export function stats(samplesMs: number[], totalMs = samplesMs.reduce((a, b) => a + b, 0)): Stats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  return {
    samples: samplesMs,
    n: sorted.length,
    totalMs,
    meanMs: totalMs / Math.max(1, sorted.length),
    medianMs: at(0.5),
    p95Ms: at(0.95),
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    perSecond: (sorted.length * 1000) / totalMs,
  };
}

/** Runs `fn(i)` for i in [0, n) one after another; per-call times and the wall time of the whole loop. */
export async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  const samples: number[] = [];
  const start = now();
  for (let i = 0; i < n; i++) {
    const t = now();
    await fn(i);
    samples.push(now() - t);
  }
  return stats(samples, now() - start);
}

export const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : '–');
export const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
export const ratio = (x: number, base: number) => (Number.isFinite(x / base) ? `${(x / base).toFixed(1)}×` : '–');

/** A plain-text table (also valid Markdown). */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => width(r[c] ?? ''))));
  const line = (r: string[]) => `| ${r.map((cell, c) => pad(cell, widths[c] ?? 0, c > 1)).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(`|${widths.map((w, c) => (c > 1 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const r of cells.slice(1)) console.log(line(r));
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\uFFEF]/.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

/** Long plan lines (a 1,000-element IN list) cut so the plan stays readable. */
export function printPlan(title: string, lines: string[], maxWidth = 160): void {
  console.log(`\n${title}\n`);
  for (const l of lines) console.log(`    ${l.length > maxWidth ? `${l.slice(0, maxWidth)}… (${l.length} chars)` : l}`);
}

/** EXPLAIN (ANALYZE, BUFFERS) of a statement with its parameters, through the raw driver. */
export async function explainAnalyze(handle: DbHandle, query: string, params: unknown[]): Promise<string[]> {
  const rows = await raw<Record<string, string>>(handle, `explain (analyze, buffers) ${query}`, params);
  return rows.map((r) => String(Object.values(r)[0]));
}

export function machine(): string {
  return `${cpus().length} cores, ${process.platform} ${process.arch}, Node ${process.version}, ${revision()}`;
}

/** The commit measured, and whether src/ or db/ had uncommitted changes (others work in this tree too). */
export function revision(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: import.meta.dirname, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--', '../src', '../db').split('\n').filter(Boolean).length;
  return `git ${head}${dirty ? ` + ${dirty} uncommitted change(s) in src/ db/` : ''}`;
}

/** BEGIN/SAVEPOINT/RELEASE/COMMIT: postgres-js sends them itself (the drizzle logger never sees them), PGlite's
 *  drizzle session logs some; statement counts leave them out on both. */
export const TX_CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;

export const countsAsStatement = (query: string): boolean => !TX_CONTROL.test(query);

/** Other work on the machine skews every figure: print the load next to them. */
export const load = (): string =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;

export function header(name: string, kind: BackendKind, db: BenchDb): void {
  console.log(`\n=== ${name} — ${kind} (${db.where}; created + migrated in ${db.openSeconds.toFixed(1)} s) — ${machine()}, ${load()}`);
}

/** True when this module is the script node was started with (not imported by run-all). */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  return Boolean(entry) && importMetaUrl === pathToFileURL(resolve(entry as string)).href;
}

/** Runs a bench's main and exits with its status (PGlite and postgres-js keep the loop alive otherwise). */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/**
 * pgbench's prepared single-row upsert, 1 client, `seconds` long, on the bench database: the same test the reference
 * figures in notes/data.md were taken with, so a run can be set against them. null when pgbench is not installed.
 */
export async function pgbenchUpsertTps(handle: BenchDb, seconds = 5): Promise<number | null> {
  if (handle.kind !== 'postgres' || !handle.url) return null;
  if (spawnSync('pgbench', ['--version']).status !== 0) return null;
  await rawScript(handle, 'create table if not exists bench_pgbench (k int primary key, v text, at timestamptz)');
  const dir = mkdtempSync(join(tmpdir(), 'yemai-pgbench-'));
  try {
    const script = join(dir, 'upsert.sql');
    writeFileSync(
      script,
      "\\set k random(1, 1000000)\ninsert into bench_pgbench (k, v, at) values (:k, '云南曲靖 在岗 一切正常', now()) on conflict (k) do update set v = excluded.v, at = excluded.at;\n",
    );
    const out = spawnSync('pgbench', ['-n', '-M', 'prepared', '-c', '1', '-T', String(seconds), '-f', script, handle.url], { encoding: 'utf8' });
    const tps = /tps = ([\d.]+)/.exec(out.stdout ?? '');
    return tps ? Number(tps[1]) : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
