import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import * as schema from './schema';

export type Schema = typeof schema;
/** Both drivers' databases (and their transactions) satisfy this one type. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DbHandle = {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
};

export type OpenDbOptions = {
  /** postgres://… — when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; 'memory://' for a throw-away database. */
  dataDir?: string;
  /** Apply committed migrations before returning (default true). */
  migrate?: boolean;
  /** postgres-js pool size. */
  maxConnections?: number;
  /**
   * A new PGlite directory is created and migrated by a short-lived child process (same Node and loader) before
   * this process opens it: the long-running bot then holds about half the memory. For the bot's own start.
   */
  createApart?: boolean;
};

export async function openDb(opts: OpenDbOptions = {}): Promise<DbHandle> {
  const handle = opts.url ? await openPostgres(opts.url, opts.maxConnections) : await openPglite(opts.dataDir ?? './data', opts.createApart === true);
  if (opts.migrate !== false) await migrateHandle(handle, opts.url);
  return handle;
}

async function openPostgres(url: string, max = 10): Promise<DbHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, { max, onnotice: () => {} });
  const db = drizzle(preparing(client), { schema }) as unknown as Db;
  return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
}

type PostgresClient = import('postgres').Sql;

/**
 * The client drizzle is given: every query with parameters runs as a named prepared statement. postgres-js
 * prepares only when asked, and drizzle asks only for `.prepare(name)`, so any other such query cost two round
 * trips (describe, then execute) and a fresh plan each time. Statements are kept per connection, and postgres-js
 * replaces each connection after 30–60 minutes, so the set stays bounded. Transactions and savepoints hand out
 * their own client, wrapped the same way.
 */
function preparing(client: PostgresClient): PostgresClient {
  const wrapCallbacks = (args: unknown[]) =>
    args.map((a) => (typeof a === 'function' ? (inner: PostgresClient) => (a as (c: PostgresClient) => unknown)(preparing(inner)) : a));
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key === 'unsafe')
        return (query: string, args?: unknown[], options?: object) =>
          target.unsafe(query, args as never, args?.length ? { ...options, prepare: true } : options);
      if (key === 'begin' || key === 'savepoint')
        return (...args: unknown[]) => (Reflect.get(target, key) as (...a: unknown[]) => unknown).apply(target, wrapCallbacks(args));
      return Reflect.get(target, key, receiver);
    },
  });
}

async function openPglite(dataDir: string, createApart: boolean): Promise<DbHandle> {
  const inMemory = dataDir.startsWith('memory://');
  const releaseLock = inMemory ? () => {} : takeDataDirLock(dataDir);
  try {
    if (createApart && !inMemory && !existsSync(resolve(dataDir, 'PG_VERSION'))) await createInChild(dataDir);
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const client = await PGlite.create(inMemory ? dataDir : resolve(dataDir));
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await client.close();
        releaseLock();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被进程 ${pid} 使用；请先停止它，或用 DATABASE_URL 连接 PostgreSQL。` +
        ` / The data directory ${dataDir} is in use by process ${pid}; stop it first or set DATABASE_URL.`,
    );
  }
}

/** Lock files this process holds. One with our pid that is not here was left by an earlier process (pids are reused). */
const heldLocks = new Set<string>();

/** PGlite does not lock its directory; two processes (or two opens in one process) on one directory corrupt it, so we do. */
export function takeDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = resolve(dataDir, 'yemai.lock');
  if (heldLocks.has(lockPath)) throw new DataDirLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldLocks.add(lockPath);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldLocks.delete(lockPath);
        rmSync(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isFinite(holder) && holder !== process.pid && processAlive(holder)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      // The holder died without cleaning up: the lock is stale, take it over.
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${lockPath}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `db/create-pglite.ts` with this process's own Node and loader (tsx), and waits for it. */
async function createInChild(dataDir: string): Promise<void> {
  const script = resolve(import.meta.dirname, 'create-pglite.ts');
  const child = spawn(process.execPath, [...process.execArgv, script, resolve(dataDir)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('exit', done);
  });
  if (code !== 0) throw new Error(`creating the database in ${dataDir} failed (exit ${code}): ${stderr.trim()}`);
}

/** drizzle's migrator takes no lock of its own; on a server two starters would race. */
export async function migrateHandle(handle: DbHandle, url?: string): Promise<void> {
  if (handle.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const lockClient = postgres(url as string, { max: 1, onnotice: () => {} });
  try {
    await lockClient`select pg_advisory_lock(824517)`;
    await migrate(drizzle(lockClient), { migrationsFolder: MIGRATIONS_FOLDER });
    await lockClient`select pg_advisory_unlock(824517)`;
  } finally {
    await lockClient.end({ timeout: 5 });
  }
}

/** Rows of a raw query on either driver (PGlite returns {rows}, postgres-js an array). */
export async function rawRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
