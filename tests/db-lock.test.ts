import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, openDb, takeDataDirLock } from '../db/client';

const CLIENT = resolve(import.meta.dirname, '../db/client.ts');

/** Runs a tiny script in another node process that tries the lock; it prints what happened and, if holding, waits for stdin to close. */
function childLocker(dir: string) {
  const script = `
    import { takeDataDirLock, DataDirLockedError } from ${JSON.stringify(CLIENT)};
    try {
      const release = takeDataDirLock(${JSON.stringify(dir)});
      console.log('locked ' + process.pid);
      process.stdin.on('end', () => { release(); process.exit(0); }).resume();
    } catch (err) {
      console.log(err instanceof DataDirLockedError ? 'refused ' + err.pid : 'error ' + err);
    }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const firstLine = new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (out.includes('\n')) done(out.trim());
    });
    child.on('exit', () => fail(new Error(`child exited without a word: ${out}`)));
  });
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  return { child, firstLine, exited };
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected it to throw');
}

describe('the PGlite data-directory lock', () => {
  let dir: string;
  const lockFile = () => join(dir, 'yemai.lock');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yemai-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the holder pid, and releasing deletes the lock so it can be taken again', () => {
    const release = takeDataDirLock(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(lockFile())).toBe(false);
    takeDataDirLock(dir)();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('refuses a second lock in the same process, naming this pid', () => {
    const release = takeDataDirLock(dir);
    try {
      const err = caught(() => takeDataDirLock(dir));
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as DataDirLockedError).pid).toBe(process.pid);
      expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    } finally {
      release();
    }
  });

  it('refuses another process while this one holds it', async () => {
    const release = takeDataDirLock(dir);
    try {
      const { firstLine, exited } = childLocker(dir);
      expect(await firstLine).toBe(`refused ${process.pid}`);
      expect(await exited).toBe(0);
    } finally {
      release();
    }
  });

  it('refuses this process while another one holds it, and is free again once that one lets go', async () => {
    const { child, firstLine, exited } = childLocker(dir);
    expect(await firstLine).toBe(`locked ${child.pid}`);
    const err = caught(() => takeDataDirLock(dir));
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect((err as DataDirLockedError).pid).toBe(child.pid);
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(existsSync(lockFile())).toBe(false);
    takeDataDirLock(dir)();
  });

  it('reclaims a stale lock left by a process that died', async () => {
    const { child, firstLine, exited } = childLocker(dir);
    expect(await firstLine).toBe(`locked ${child.pid}`);
    child.kill('SIGKILL');
    await exited;
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(child.pid));
    const release = takeDataDirLock(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('reclaims a lock carrying this pid that this process does not hold (a restarted container reuses pids)', () => {
    writeFileSync(lockFile(), String(process.pid));
    const release = takeDataDirLock(dir);
    expect(existsSync(lockFile())).toBe(true);
    release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('openDb on a locked directory rejects with the bilingual message', async () => {
    const release = takeDataDirLock(dir);
    try {
      const opening = openDb({ dataDir: dir, migrate: false });
      await expect(opening).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(opening).rejects.toThrow(`数据目录 ${dir} 正被进程 ${process.pid} 使用`);
      await expect(opening).rejects.toThrow(`The data directory ${dir} is in use by process ${process.pid}`);
    } finally {
      release();
    }
  });
});
