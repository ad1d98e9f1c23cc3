/**
 * The real entry point (`tsx bots/main.ts`) run through faults at LOG_LEVEL=debug, with every byte of its stdout and
 * stderr kept: no token, database password, webhook secret or member's words may appear in it.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { log as wechatyLog } from 'wechaty';
import { openTestDb } from './harness/backends';
import type { TestDb } from './harness/backends';
import { pgliteTemplateDir } from './harness/template';
import { WechatyStandin, useTempWechatyHome } from './harness/wechaty-standin';
import { newStandin, seedBranch, shown, until } from './telegram.fixture';

/** What the member writes: a place and health words that must stay out of the log. */
const PERSONAL = ['云南曲靖麒麟区', '发烧三十九度', '被狗咬伤', '昆明延安医院', '住院观察'];

function runMain(env: Record<string, string>) {
  const home = mkdtempSync(join(tmpdir(), 'yemai-logscan-home-'));
  const data = mkdtempSync(join(tmpdir(), 'yemai-logscan-data-'));
  cpSync(pgliteTemplateDir(), data, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'bots/main.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: home, YEMAI_DATA_DIR: data, LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    },
  };
}

function expectClean(output: string, secrets: string[]) {
  for (const s of secrets) expect(output.includes(s), `the log holds "${s}"`).toBe(false);
  for (const p of PERSONAL) expect(output.includes(p), `the log holds the member's words "${p}"`).toBe(false);
}

// The database password needs a PostgreSQL URL (CI sets TEST_DATABASE_URL); PGlite has no password to leak.
describe('log scan: a wrong Wechaty token', () => {
  let standin: WechatyStandin;
  let home: ReturnType<typeof useTempWechatyHome>;
  beforeAll(async () => {
    wechatyLog.level('silent');
    home = useTempWechatyHome();
    standin = await WechatyStandin.start({ botName: '叶脉', heartbeatIntervalMs: 500 });
  });
  afterAll(async () => {
    await standin?.stop();
    await home?.cleanup();
  });

  it("with Wechaty's own log at its most verbose, the token appears nowhere", async () => {
    const token = `insecure_logscan-${Date.now()}-wrongtoken`;
    const run = runMain({
      WECHATY_PUPPET_SERVICE_TOKEN: token,
      WECHATY_PUPPET_SERVICE_ENDPOINT: standin.endpoint,
      WECHATY_PUPPET_SERVICE_TLS_CA_CERT: standin.clientTls.caCert,
      WECHATY_LOGIN_TIMEOUT_SECONDS: '20',
      WECHATY_LOG: 'silly',
    });
    try {
      await Promise.race([run.exited, new Promise((_, reject) => setTimeout(() => reject(new Error(run.output())), 60_000))]);
    } finally {
      await run.stop();
    }
    const output = run.output();
    expect(output).toContain('WECHATY_PUPPET_SERVICE_TOKEN');
    expectClean(output, [token, token.replace(/^insecure_/, '')]);
  }, 90_000);
});
