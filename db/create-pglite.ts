/**
 * Creates and migrates a new PGlite data directory, then exits. `openDb` runs this in a child process on a first
 * start: PGlite's WebAssembly heap grows while it creates a cluster and runs the migrations, and never gives that
 * memory back, so a bot that did it in its own process idled at twice the memory of one reopening the directory.
 * The parent holds the directory's lock meanwhile.
 *
 *   node --import tsx db/create-pglite.ts DATA_DIR
 */
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_FOLDER } from './migrations-folder';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: create-pglite DATA_DIR');
  process.exit(2);
}
const client = await PGlite.create(resolve(dataDir));
await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
await client.close();
