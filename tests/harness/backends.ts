import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { openDb, rawRows } from '../../db/client';
import type { Db, DbHandle } from '../../db/client';
import { sql } from 'drizzle-orm';
import { pgliteTemplateDir, pgTemplateName, withDatabase } from './template';

export type BackendKind = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const BACKENDS: BackendKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export type TestDb = DbHandle & { url?: string; dispose(): Promise<void> };

/** A private copy of the migrated template: a data dir for PGlite, a database for PostgreSQL. */
export async function openTestDb(kind: BackendKind): Promise<TestDb> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'yemai-test-'));
    cpSync(pgliteTemplateDir(), dir, { recursive: true });
    const handle = await openDb({ dataDir: dir, migrate: false });
    return {
      ...handle,
      dispose: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = process.env.TEST_DATABASE_URL as string;
  const name = `yemai_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${pgTemplateName()}`);
  const url = withDatabase(base, name);
  const handle = await openDb({ url, migrate: false });
  return {
    ...handle,
    url,
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Empties every table (keeps the migrations' bookkeeping). */
export async function resetDb(db: Db): Promise<void> {
  const tables = await rawRows<{ tablename: string }>(db, sql`select tablename from pg_tables where schemaname = 'public'`);
  if (tables.length === 0) return;
  const list = tables.map((t) => `"public"."${t.tablename}"`).join(', ');
  await db.execute(sql.raw(`truncate ${list} restart identity cascade`));
}

/**
 * Runs a block of tests once per backend. `get()` gives the open database inside tests;
 * every test starts from empty tables.
 */
export function forEachBackend(name: string, body: (get: () => TestDb, kind: BackendKind) => void, opts: { reset?: 'each' | 'none' } = {}) {
  for (const kind of BACKENDS) {
    describe(`${name} [${kind}]`, () => {
      let handle: TestDb | undefined;
      beforeAll(async () => {
        handle = await openTestDb(kind);
      });
      afterAll(async () => {
        await handle?.dispose();
      });
      if (opts.reset !== 'none') {
        beforeEach(async () => {
          await resetDb((handle as TestDb).db);
        });
      }
      body(() => handle as TestDb, kind);
    });
  }
}
