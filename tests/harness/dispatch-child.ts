/**
 * A dispatcher in its own process, for the crash test: it delivers the outbox to an HTTP sink until
 * nothing is pending, then exits 0. The test kills it with SIGKILL part-way.
 */
import { openDb } from '../../db/client';
import { silentLogger } from '../../src/log';
import { OutboxDispatcher } from '../../src/outbox/dispatcher';
import { HttpSinkAdapter } from './http-sink-adapter';
import { sql } from 'drizzle-orm';
import { rawRows } from '../../db/client';

const handle = await openDb({ url: process.env.CHILD_DATABASE_URL || undefined, dataDir: process.env.CHILD_DATA_DIR, migrate: false });
const dispatcher = new OutboxDispatcher({
  db: handle.db,
  clock: () => new Date(),
  adapters: [new HttpSinkAdapter(process.env.SINK_URL as string, Number(process.env.IN_FLIGHT ?? 1))],
  log: silentLogger(),
  leaseMs: Number(process.env.LEASE_MS ?? 1000),
  batchSize: 20,
});
for (;;) {
  await dispatcher.drain(5);
  const [left] = await rawRows<{ n: number | string }>(handle.db, sql`select count(*) as n from outbox where status = 'pending'`);
  if (Number(left?.n ?? 0) === 0) break;
  await new Promise((r) => setTimeout(r, 100));
}
await handle.close();
process.exit(0);
