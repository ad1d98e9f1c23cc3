import { existsSync, renameSync, rmSync } from 'node:fs';
import postgres from 'postgres';
import { openDb } from '../../db/client';
import { pgliteTemplateDir, pgTemplateName, withDatabase } from './template';

/** Builds the migrated templates once per run; each test file then copies one (see backends.ts). */
export default async function setup() {
  const dir = pgliteTemplateDir();
  if (!existsSync(dir)) {
    const building = `${dir}.building-${process.pid}`;
    const handle = await openDb({ dataDir: building });
    await handle.close();
    rmSync(`${building}/yemai.lock`, { force: true });
    try {
      renameSync(building, dir);
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
  }
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    const name = pgTemplateName();
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      await admin.unsafe(`create database ${name}`);
      const handle = await openDb({ url: withDatabase(url, name), maxConnections: 1 });
      await handle.close();
    }
    await admin.end();
  }
}
