import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgliteTemplateDir } from './template';

export type MainExit = { code: number | null; signal: NodeJS.Signals | null; output: string; ms: number };

/**
 * The real entry point (`npm start` is `tsx bots/main.ts`) in a child process with only the given environment, a
 * fresh HOME, and — unless the environment names a database — a private copy of the migrated PGlite template.
 * `output` is everything it wrote to stdout and stderr, in order.
 */
export function runMain(env: Record<string, string>) {
  const home = mkdtempSync(join(tmpdir(), 'yemai-main-home-'));
  const data = env.DATABASE_URL || env.YEMAI_DATA_DIR ? null : mkdtempSync(join(tmpdir(), 'yemai-main-data-'));
  if (data) cpSync(pgliteTemplateDir(), data, { recursive: true });
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bots/main.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: home, LOG_LEVEL: 'info', ...(data ? { YEMAI_DATA_DIR: data } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
  const exited = new Promise<MainExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, output, ms: Date.now() - started })),
  );
  return {
    child,
    output: () => output,
    exited,
    /** The exit, or a rejection carrying the output so far when it is still running after `ms`. */
    exitWithin: (ms: number) =>
      Promise.race([exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running after ${ms} ms:\n${output}`)), ms))]),
    /** SIGTERM, then SIGKILL after 15 s; the temporary HOME and data copy are removed. Null if it had to be killed. */
    stop: async (): Promise<MainExit | null> => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const run = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
      if (!run) child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
      if (data) rmSync(data, { recursive: true, force: true });
      return run;
    },
  };
}

export type MainRun = ReturnType<typeof runMain>;
