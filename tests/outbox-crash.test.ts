import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDb } from '../db/client';
import type { Db } from '../db/client';
import { outbox } from '../db/schema';
import { enqueue } from '../src/outbox/enqueue';
import { forEachBackend } from './harness/backends';
import { pgliteTemplateDir } from './harness/template';

const MESSAGES = 300;

/** Counts every delivery by text (each message's text is unique), as a platform would see them. */
async function startSink() {
  const received = new Map<string, number>();
  let total = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { text } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string };
      received.set(text, (received.get(text) ?? 0) + 1);
      total++;
      res.end(JSON.stringify({ messageId: String(total) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    received,
    total: () => total,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function seed(db: Db) {
  const now = new Date();
  for (let i = 0; i < MESSAGES; i++) {
    await enqueue(db, now, { dedupKey: `crash:${i}`, platform: 'sink', chatId: `chat-${i % 30}`, text: `message ${i}` });
  }
}

function child(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'tests/harness/dispatch-child.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

const exited = (p: ChildProcess) => new Promise<number | null>((r) => p.on('exit', (code) => r(code)));

forEachBackend('outbox dispatcher killed mid-batch', (get, kind) => {
  // A send the platform took but the killed process never heard back about is sent again: one per send in flight.
  it.each([1, 4])(
    'delivers every message after a SIGKILL and a restart, with %i send(s) in flight at most that many duplicates',
    async (inFlight) => {
      const sink = await startSink();
      let dataDir: string | undefined;
      let env: Record<string, string>;
      if (kind === 'postgres') {
        await seed(get().db);
        env = { CHILD_DATABASE_URL: get().url as string };
      } else {
        // PGlite is one process's database: the children get a data dir of their own, the test reads it afterwards.
        dataDir = mkdtempSync(join(tmpdir(), 'yemai-crash-'));
        cpSync(pgliteTemplateDir(), dataDir, { recursive: true });
        const h = await openDb({ dataDir, migrate: false });
        await seed(h.db);
        await h.close();
        env = { CHILD_DATA_DIR: dataDir };
      }
      env = { ...env, SINK_URL: sink.url, LEASE_MS: '1000', IN_FLIGHT: String(inFlight) };
      const first = child(env);
      const firstExit = exited(first);
      while (sink.total() < MESSAGES / 3) await new Promise((r) => setTimeout(r, 5));
      first.kill('SIGKILL');
      expect(await firstExit).toBe(null);
      const atKill = sink.total();
      expect(atKill).toBeLessThan(MESSAGES);
      const second = child(env);
      expect(await exited(second)).toBe(0);

      const verify = dataDir ? await openDb({ dataDir, migrate: false }) : null;
      const rows = await (verify?.db ?? get().db).select().from(outbox);
      await verify?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await sink.close();

      expect(rows.length).toBe(MESSAGES);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      for (let i = 0; i < MESSAGES; i++) expect(sink.received.get(`message ${i}`) ?? 0).toBeGreaterThanOrEqual(1);
      const duplicates = sink.total() - MESSAGES;
      console.info(
        `[${kind}, ${inFlight} in flight] killed after ${atKill} deliveries; ${sink.total()} deliveries for ${MESSAGES} messages: ${duplicates} duplicate(s)`,
      );
      expect(duplicates).toBeLessThanOrEqual(inFlight);
    },
    240_000,
  );
});
