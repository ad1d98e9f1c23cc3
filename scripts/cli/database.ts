import { resolve } from 'node:path';
import { DataDirLockedError, openDb } from '../../db/client';
import type { Db, DbHandle } from '../../db/client';
import { loadConfig } from '../../src/config';
import { scrubSecrets } from '../../src/log';
import { findBranch } from '../../src/org/org.service';
import { noBranch } from './errors-text';
import type { CliContext } from './types';
import { CliFailure } from './types';

/**
 * The bot's database, chosen the bot's way: DATABASE_URL, else PGlite in YEMAI_DATA_DIR
 * (default ./data). Only those two variables are read, so an unrelated bad setting (a
 * Telegram token, say) does not stop an administrator.
 */
export async function openCliDb(ctx: CliContext): Promise<DbHandle> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ DATABASE_URL: ctx.io.env.DATABASE_URL, YEMAI_DATA_DIR: ctx.io.env.YEMAI_DATA_DIR });
  } catch (err) {
    throw new CliFailure((err as Error).message);
  }
  const url = config.DATABASE_URL;
  try {
    return await openDb({ url, dataDir: resolve(ctx.cwd, config.YEMAI_DATA_DIR ?? './data'), maxConnections: 2 });
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new CliFailure(err.message);
    const detail = scrubSecrets((err as Error).message, [url, url ? new URL(url).password : undefined]);
    throw new CliFailure(`无法打开数据库 / cannot open the database: ${detail}`);
  }
}

/** Opens, runs, and always closes: a CLI run must not keep the PGlite lock or a pool alive. */
export async function withDb<T>(ctx: CliContext, fn: (db: Db, kind: DbHandle['kind']) => Promise<T>): Promise<T> {
  const handle = await openCliDb(ctx);
  try {
    return await fn(handle.db, handle.kind);
  } finally {
    await handle.close();
  }
}

/** The branch this database holds (init creates exactly one). */
export async function requireBranch(db: Db) {
  const branch = await findBranch(db);
  if (!branch) throw noBranch();
  return branch;
}
