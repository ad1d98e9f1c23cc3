import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { format } from 'node:util';
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

/**
 * The one logger. Whatever reaches the log — our fields, an error from a library, a line a library printed with
 * console — passes through here: errors keep their kind, code and message only (never a query's parameters or a
 * request's body), and every secret of the environment is blanked in the final line.
 */

/** Environment variables that hold secrets, by name (tokens, passwords, keys; the WeCom bot's too). */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|_KEY$|AES/i;
const MIN_SECRET = 6;

/** The secret values in an environment: named secrets, the database URL, its password, a bot token's secret half. */
export function secretsOf(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) if (value && SECRET_NAME.test(name)) out.push(value, value.split(':').at(-1) ?? '');
  const url = env.DATABASE_URL;
  if (url) {
    out.push(url);
    try {
      const password = new URL(url).password;
      out.push(password, decodeURIComponent(password));
    } catch {
      // An unreadable URL is refused by the config check; nothing more to blank here.
    }
  }
  return [...new Set(out.filter((s) => s.length >= MIN_SECRET))].sort((a, b) => b.length - a.length);
}

/** Replaces any occurrence of the given secrets in a text (error messages can carry URLs with tokens). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= MIN_SECRET) out = out.split(s).join('[redacted]');
  return out;
}

/** What a log may say about a message's text: its length and a short hash, never the words. */
export function textDigest(text: string): { length: number; sha256: string } {
  return { length: [...text].length, sha256: createHash('sha256').update(text).digest('hex').slice(0, 12) };
}

/** A database message without the values it quotes (`invalid input syntax for type integer: "云南"`). */
const withoutQuotedValues = (message: string): string => message.replace(/: "[^"]*"/g, ': "…"').replace(/\)=\([^)]*\)/g, ')=(…)');

/** drizzle's "Failed query: SQL\nparams: a,b,c": the SQL has placeholders only; the parameters are dropped. */
const withoutParams = (message: string): string => message.replace(/\nparams:[\s\S]*$/, '');

type SafeError = { type: string; code?: string; message: string; cause?: SafeError; stack?: string };

/** An error as the log may keep it: kind, code, message (values and parameters removed), frames, its cause. */
export function safeError(err: unknown, depth = 0): SafeError {
  if (!(err instanceof Error)) return { type: typeof err, message: withoutQuotedValues(String(err)) };
  const e = err as Error & { code?: unknown; error?: unknown };
  const frames = e.stack
    ?.split('\n')
    .filter((l) => l.startsWith('    at '))
    .slice(0, 8)
    .join('\n');
  const inner = e.cause ?? e.error;
  return {
    type: e.name,
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: String(e.code) } : {}),
    message: withoutQuotedValues(withoutParams(e.message)),
    ...(inner !== undefined && depth < 3 ? { cause: safeError(inner, depth + 1) } : {}),
    ...(frames ? { stack: frames } : {}),
  };
}

/** Every Error among the fields, however deep, becomes a safe one (pino's own serializer covers only `err`). */
function safeFields(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return safeError(value);
  if (depth > 4 || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, safeFields(v, depth + 1)]));
}

/**
 * The request id of the inbound message being handled, carried through everything that runs on its behalf (the
 * handler, the command, the replies and the outbox rows they queue), so one message's path can be followed in the log.
 */
const requestScope = new AsyncLocalStorage<{ reqId: string }>();

/** A message's request id: the same for a redelivery or a replay from the journal, and naming no chat or person. */
export const requestIdOf = (platform: string, messageId: string): string =>
  createHash('sha256').update(`${platform}\u0000${messageId}`).digest('base64url').slice(0, 12);

/** Runs `fn` with `reqId` on every log line written meanwhile (in this async path). */
export const inRequest = <T>(reqId: string, fn: () => T): T => requestScope.run({ reqId }, fn);

export type LoggerOptions = { level?: string; secrets?: readonly string[]; destination?: DestinationStream };

/** Structured logs on stderr; errors made safe and secrets blanked in every line written. */
export function createLogger(opts: LoggerOptions | string = {}): Logger {
  const o = typeof opts === 'string' ? { level: opts } : opts;
  const secrets = o.secrets ?? secretsOf(process.env);
  return pino(
    {
      level: o.level ?? process.env.LOG_LEVEL ?? 'info',
      base: undefined,
      mixin: () => requestScope.getStore() ?? {},
      redact: {
        paths: ['token', '*.token', 'secret', '*.secret', 'password', '*.password', 'url', 'params', '*.params', 'parameters', '*.parameters'],
        censor: '[redacted]',
      },
      // The log formatter below has already made every error safe before pino's serializers run; the serializer
      // only catches an error that reached pino another way (a child's bindings).
      serializers: { err: (e: unknown) => (e instanceof Error ? safeError(e) : e) },
      formatters: { log: (fields) => safeFields(fields) as Record<string, unknown> },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
    },
    o.destination ?? pino.destination(2),
  );
}

export const silentLogger = (): Logger => pino({ level: 'silent' });

type ConsoleMethod = 'error' | 'warn' | 'info' | 'log' | 'debug' | 'trace';
const CONSOLE_LEVEL: Record<ConsoleMethod, 'warn' | 'info' | 'debug'> = {
  error: 'warn',
  warn: 'warn',
  info: 'info',
  log: 'info',
  debug: 'debug',
  trace: 'debug',
};

/**
 * Libraries that print with `console` (grammY's runner on a failed getUpdates, Wechaty's brolog) write through the
 * logger instead, so their lines are made safe too. Returns the function that puts console back.
 */
export function routeConsoleTo(log: Logger): () => void {
  const saved = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  for (const method of Object.keys(CONSOLE_LEVEL) as ConsoleMethod[]) {
    saved.set(method, console[method]);
    console[method] = (...args: unknown[]) => {
      const errors = args.filter((a) => a instanceof Error).map((e) => safeError(e));
      const words = args.filter((a) => !(a instanceof Error));
      log[CONSOLE_LEVEL[method]]({ source: 'console', ...(errors.length ? { errors } : {}) }, withoutQuotedValues(format(...words)));
    };
  }
  return () => {
    for (const [method, fn] of saved) console[method] = fn;
  };
}

/** The last net: anything written straight to stdout or stderr has the environment's secrets blanked too. */
export function scrubProcessOutput(secrets: readonly string[] = secretsOf(process.env)): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    // A buffer is decoded only when it holds a secret, so a character split across two writes is never mangled.
    const holdsSecret = (chunk: unknown) => (typeof chunk === 'string' || Buffer.isBuffer(chunk)) && secrets.some((s) => chunk.includes(s));
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(holdsSecret(chunk) ? scrubSecrets(String(chunk), secrets) : chunk, ...rest)) as typeof stream.write;
  }
}
