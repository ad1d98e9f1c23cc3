import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { rawRows } from '../../db/client';
import { outbox } from '../../db/schema';
import type { AdapterHealth } from '../chat/types';
import { scrubSecrets, secretsOf } from '../log';

/** What `GET /healthz` answers: states and counts only, never a message, a token or a connection string. */
export type HealthReport = {
  /** ok: all up; degraded: the database answers but an adapter is down; down: the database does not answer. */
  status: 'ok' | 'degraded' | 'down';
  at: string;
  database: { reachable: boolean; error?: string };
  adapters: ({ platform: string } & AdapterHealth)[];
  scheduler: { lastTickAt: string | null };
  outbox: { due: number; lagSeconds: number; dead: number } | null;
  /** Inbound messages waiting in the journal for the database. */
  inboundWaiting: number;
};

/** The parts of the running bot the report reads (the Runtime has them all). */
export type HealthSource = {
  db: Db;
  clock: () => Date;
  adapters: () => ({ platform: string } & AdapterHealth)[];
  schedulerLastTick: () => Date | undefined;
  inboundWaiting: () => number;
};

const DB_TIMEOUT_MS = 2000;

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

type OutboxRow = { due: string | number; oldest: Date | string | null; dead: string | number };

async function outboxState(db: Db, now: Date): Promise<HealthReport['outbox']> {
  // postgres-js takes no Date inside raw SQL: the instant goes as text.
  const at = sql`${now.toISOString()}::timestamptz`;
  const [row] = await rawRows<OutboxRow>(
    db,
    sql`select count(*) filter (where status = 'pending' and available_at <= ${at}) as due,
               min(available_at) filter (where status = 'pending' and available_at <= ${at}) as oldest,
               count(*) filter (where status = 'dead') as dead
        from ${outbox}`,
  );
  if (!row) return null;
  const oldest = row.oldest === null ? null : new Date(row.oldest);
  return {
    due: Number(row.due),
    lagSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : 0,
    dead: Number(row.dead),
  };
}

export async function healthReport(source: HealthSource, secrets: readonly string[] = secretsOf(process.env)): Promise<HealthReport> {
  const now = source.clock();
  const clean = (text: string | undefined) => (text === undefined ? undefined : scrubSecrets(text, secrets).slice(0, 200));
  let database: HealthReport['database'] = { reachable: true };
  let box: HealthReport['outbox'] = null;
  try {
    box = await within(DB_TIMEOUT_MS, outboxState(source.db, now));
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    database = { reachable: false, error: clean(typeof e.code === 'string' ? e.code : String(e.message ?? err)) };
  }
  const adapters = source.adapters().map((a) => ({ ...a, lastError: clean(a.lastError) }));
  const allUp = adapters.every((a) => a.connected);
  const lastTick = source.schedulerLastTick();
  return {
    status: !database.reachable ? 'down' : allUp ? 'ok' : 'degraded',
    at: now.toISOString(),
    database,
    adapters,
    scheduler: { lastTickAt: lastTick ? lastTick.toISOString() : null },
    outbox: box,
    inboundWaiting: source.inboundWaiting(),
  };
}

/**
 * Answers `GET /healthz` with the report as JSON: 200 while the database answers (an adapter down is
 * "degraded": the others and the scheduler still work), 503 when it does not. Anything else is 404.
 * Returns true when it answered, so a server with other routes (the Telegram webhook) can share the port.
 */
export function answerHealth(source: HealthSource, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  healthReport(source)
    .then((report) => {
      res.writeHead(report.status === 'down' ? 503 : 200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(report));
    })
    .catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  return true;
}

/** A server of its own for the health check (HEALTH_PORT, or PORT when no webhook uses it). */
export async function serveHealth(
  source: HealthSource,
  opts: { port: number; host?: string; log: Logger },
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (!answerHealth(source, req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  opts.log.info({ port }, 'health check listening on /healthz');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
