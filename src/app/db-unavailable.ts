/** Network-level failures: the database cannot be reached at all (as opposed to a query it refused). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  // postgres-js
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** SQLSTATE class 08 (connection exception) and the server shutting down or starting up. */
const unavailableState = (code: string) => /^08/.test(code) || code === '57P01' || code === '57P02' || code === '57P03';

/** True when `err` (or anything it wraps) says the database is unreachable, so the work can wait and be retried. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || unavailableState(code))) return true;
  const nested = [(err as { cause?: unknown }).cause, ...((err as { errors?: unknown[] }).errors ?? [])];
  return nested.some((e) => isDatabaseUnavailable(e, depth + 1));
}

/** Thrown by handleInbound instead of answering when the database is unreachable: the message must wait. */
export class DatabaseUnavailable extends Error {
  constructor(readonly reason: unknown) {
    super('database unavailable');
  }
}
