/**
 * Resident memory of the bot idle after start (`bots/main.ts`, console only): PGlite on a new data directory
 * (migrations and the demo seed run), PGlite again on that directory, and PostgreSQL on a new database. The
 * baseline, in the same run: a bare Node process with the same loader (tsx) and nothing else.
 * Idle: the bot answered a /whoami typed into its console, then its RSS moved less than 2 MB over 5 s (at most
 * 180 s after start). A new PGlite directory is created by a short-lived child process, whose memory is not in
 * these figures (it has exited by then).
 *
 *   npx tsx bench/idle-rss.ts          (BENCH_DATABASE_URL=postgres://… adds the PostgreSQL row)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { int, isMain, load, printTable, runMain } from './lib';

/** BENCH_ROOT: measure another checkout's bot (e.g. main before a change) with this script. */
const ROOT = process.env.BENCH_ROOT ?? join(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) / 1024;
}

/** Starts a process, waits until its RSS settles, reports that and the peak seen, and stops it. */
async function idleRss(args: string[], env: Record<string, string>, answered?: RegExp): Promise<{ idle: number; peak: number; seconds: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  if (answered) child.stdin?.write('/whoami\n');
  const started = performance.now();
  const samples: number[] = [];
  let peak = 0;
  try {
    for (;;) {
      await sleep(500);
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited ${child.exitCode}`);
      const now = rssMb(child.pid as number);
      peak = Math.max(peak, now);
      // Before the answer the process may only be waiting (for the database being created, say): not idle yet.
      if (answered && !answered.test(output)) {
        if (performance.now() - started > 180_000) throw new Error(`no answer to /whoami within 180 s: ${output.slice(-300)}`);
        continue;
      }
      samples.push(now);
      const last = samples.slice(-10);
      const settled = last.length === 10 && Math.max(...last) - Math.min(...last) < 2;
      if (settled || performance.now() - started > 180_000) return { idle: now, peak, seconds: (performance.now() - started) / 1000 };
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** The demo secretary's /whoami answer: the bot is up, seeded and has used its database. */
const WHOAMI_ANSWER = /已绑定账号|Accounts:/;

export async function main(): Promise<void> {
  const quiet = { LOG_LEVEL: 'warn' };
  const rows: string[][] = [];
  const row = (label: string, r: { idle: number; peak: number; seconds: number }) =>
    rows.push([label, int(r.idle), int(r.peak), r.seconds.toFixed(0)]);
  row('BASELINE bare Node + tsx, nothing loaded', await idleRss(['-e', 'setInterval(() => {}, 1000)'], {}));
  const dir = mkdtempSync(join(tmpdir(), 'yemai-rss-'));
  try {
    row('PGlite, first start (create, migrate, seed)', await idleRss(['bots/main.ts'], { ...quiet, YEMAI_DATA_DIR: dir }, WHOAMI_ANSWER));
    row('PGlite, later start (same directory)', await idleRss(['bots/main.ts'], { ...quiet, YEMAI_DATA_DIR: dir }, WHOAMI_ANSWER));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = process.env.BENCH_DATABASE_URL;
  if (base) {
    const name = `yemai_rss_${process.pid}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const journal = mkdtempSync(join(tmpdir(), 'yemai-rss-pg-'));
    try {
      row(
        'PostgreSQL, first start (migrate, seed)',
        await idleRss(['bots/main.ts'], { ...quiet, DATABASE_URL: url.toString(), YEMAI_DATA_DIR: journal }, WHOAMI_ANSWER),
      );
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(journal, { recursive: true, force: true });
    }
  }
  printTable(`idle RSS after start, console only (${load()})`, ['start', 'idle RSS MB', 'peak RSS MB', 'seconds to idle'], rows);
}

if (isMain(import.meta.url)) runMain(main);
