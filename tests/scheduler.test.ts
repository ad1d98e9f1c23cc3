import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { openDb, rawRows } from '../db/client';
import type { Db, DbHandle } from '../db/client';
import { chats, jobRuns, outbox } from '../db/schema';
import { isRequiredDay, PACKAGE_CALENDAR } from '../src/calendar/required-days';
import { ALL_JOBS } from '../src/app/features';
import { defineJob } from '../src/jobs/job';
import type { Slot } from '../src/jobs/job';
import { Scheduler } from '../src/jobs/scheduler';
import pino from 'pino';
import { silentLogger } from '../src/log';
import { bindChat, createBranch, createGroup, createMember } from '../src/org/org.service';
import { datesBetween, zonedInstant } from '../src/time';
import { forEachBackend } from './harness/backends';
import type { TestDb } from './harness/backends';
import { pgliteTemplateDir } from './harness/template';

const TZ = 'Asia/Shanghai';

async function seedGroups(db: Db, count: number, now: Date) {
  const branch = await createBranch(db, '测试支部');
  for (let i = 0; i < count; i++) {
    const group = await createGroup(db, branch.id, `小组${i}`);
    for (const n of [1, 2]) await createMember(db, { branchId: branch.id, name: `成员${i}-${n}`, groupId: group.id }, now);
    const [chat] = await db
      .insert(chats)
      .values({ platform: 'console', externalId: `room-${i}`, kind: 'group' })
      .returning();
    if (chat) await bindChat(db, chat.id, group.id, now);
  }
}

const scheduler = (db: Db) => new Scheduler({ db, clock: () => new Date(), jobs: ALL_JOBS, log: silentLogger() });

/** A second handle on the same data, as a restarted process opens it: a new pool, or PGlite's data dir opened again. */
async function reopen(test: TestDb, pgliteDir: string | null): Promise<DbHandle> {
  return test.url ? openDb({ url: test.url, migrate: false }) : openDb({ dataDir: pgliteDir as string, migrate: false });
}

forEachBackend('scheduler', (get, kind) => {
  // PGlite is one connection in one process: there the two schedulers take turns on it, here each has its own pool.
  const race =
    kind === 'postgres'
      ? 'two instances with their own connections race every slot of 30 days × 50 groups and run each exactly once'
      : 'two schedulers sharing PGlite’s single connection (it has no second one) run every slot of 30 days × 50 groups exactly once';
  it(race, async () => {
    const start = zonedInstant('2026-11-01', '00:00', TZ);
    await seedGroups(get().db, 50, start);
    const second = kind === 'postgres' ? await openDb({ url: get().url, migrate: false }) : null;
    const a = scheduler(get().db);
    const b = scheduler(second?.db ?? get().db);
    const ran = { a: 0, b: 0 };
    const end = zonedInstant('2026-11-30', '23:59', TZ);
    for (let t = start.getTime(); t <= end.getTime(); t += 60 * 60_000) {
      const [ra, rb] = await Promise.all([a.tick(new Date(t)), b.tick(new Date(t + 7))]);
      expect(ra.failed + rb.failed).toBe(0);
      ran.a += ra.ran.length;
      ran.b += rb.ran.length;
    }
    await second?.close();
    const requiredDays = datesBetween('2026-11-01', '2026-11-30').filter((d) => isRequiredDay(d, 'workdays', PACKAGE_CALENDAR)).length;
    const checkinSlots = 50 * requiredDays * 4; // prompt, reminders at 12:00 and 18:00, deadline
    // The Monday digest: one slot per group for its leaders and one for the branch, on each Monday of November.
    const mondays = datesBetween('2026-11-01', '2026-11-30').filter((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === 1).length;
    const digestSlots = (50 + 1) * mondays;
    const perJob = await rawRows<{ job: string; n: string | number }>(get().db, sql`select job, count(*) as n from ${jobRuns} group by job`);
    const count = (pick: (job: string) => boolean) => perJob.filter((r) => pick(r.job)).reduce((sum, r) => sum + Number(r.n), 0);
    expect(count((job) => job.startsWith('checkin.'))).toBe(checkinSlots);
    expect(count((job) => job === 'reports.weekly')).toBe(digestSlots);
    const expected = checkinSlots + digestSlots;
    expect(count(() => true)).toBe(expected);
    expect(ran.a + ran.b).toBe(expected);
    if (kind === 'postgres') expect(Math.min(ran.a, ran.b)).toBeGreaterThan(0);
    const prompts = await get().db.select({ key: outbox.dedupKey }).from(outbox).where(sql`${outbox.purpose} = 'checkin.prompt'`);
    expect(prompts.length).toBe(50 * requiredDays);
    console.info(`[${kind}] ${expected} slots over ${requiredDays} required days: instance A ran ${ran.a}, B ran ${ran.b}`);
    // 720 hourly ticks of two instances: on a shared 2-core machine under load this has taken over ten minutes.
  }, 1_500_000);

  it('after a restart on a new connection runs a slot missed within the grace window once, and skips one missed beyond it unclaimed', async () => {
    // PGlite: a data dir of this test's own, so the restart can close it and open it again.
    const dir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'yemai-restart-')) : null;
    if (dir) cpSync(pgliteTemplateDir(), dir, { recursive: true });
    let handle = dir ? await openDb({ dataDir: dir, migrate: false }) : await reopen(get(), null);
    try {
      // 2 December: no other job (such as 1 December's calendar notice) falls due that morning.
      await seedGroups(handle.db, 1, zonedInstant('2026-12-02', '07:00', TZ));
      await scheduler(handle.db).tick(zonedInstant('2026-12-02', '07:59', TZ));
      // Down from 07:59 to 09:30: the 08:00 prompt is 90 minutes late, inside the 2-hour grace.
      await handle.close();
      handle = await reopen(get(), dir);
      const restarted = scheduler(handle.db);
      const late = await restarted.tick(zonedInstant('2026-12-02', '09:30', TZ));
      expect(late.ran).toEqual([{ job: 'checkin.prompt', key: 'g1:2026-12-02:prompt' }]);
      expect((await restarted.tick(zonedInstant('2026-12-02', '09:31', TZ))).ran).toEqual([]);
      // Down from 11:59 to 14:30: the 12:00 reminder is 2.5 hours late and is skipped, not sent stale.
      await handle.close();
      handle = await reopen(get(), dir);
      expect((await scheduler(handle.db).tick(zonedInstant('2026-12-02', '14:30', TZ))).ran).toEqual([]);
      const rows = await handle.db.select().from(outbox);
      const prompt = rows.filter((r) => r.purpose === 'checkin.prompt');
      expect(prompt.map((r) => [r.dedupKey, r.chatExternalId, r.purposeRef])).toEqual([
        ['checkin.prompt:g1:2026-12-02:console:room-0', 'room-0', { groupId: 1, localDate: '2026-12-02' }],
      ]);
      expect(rows.filter((r) => r.purpose === 'checkin.remind').length).toBe(0);
      // Skipped means never claimed: the reminder's slot has no run, so nothing marks it as done.
      const runs = await handle.db.select().from(jobRuns);
      expect(runs.map((r) => `${r.job} ${r.key}`).sort()).toEqual(['checkin.prompt g1:2026-12-02:prompt']);
    } finally {
      await handle.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failing slot does not undo its batch: the others commit, it alone is retried next tick and runs once it can', async () => {
    const lines: { key?: string }[] = [];
    const log = pino({ level: 'error' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const done: string[] = [];
    let broken = true;
    const slots: Slot<number>[] = Array.from({ length: 10 }, (_, i) => ({
      key: `k${i}`,
      dueAt: new Date('2026-12-01T00:00:00Z'),
      graceMs: 3_600_000,
      payload: i,
    }));
    const job = defineJob<number>({
      name: 'test.batch',
      due: () => slots,
      run: async ({ db, now }, claimed) => {
        if (broken && claimed.some((s) => s.payload === 6)) throw new Error('slot 6 cannot run yet');
        for (const s of claimed) {
          await db
            .insert(outbox)
            .values({ dedupKey: `test:${s.key}`, platform: 'console', chatExternalId: 'room', text: s.key, availableAt: now, createdAt: now });
          done.push(s.key);
        }
      },
    });
    const batches = new Scheduler({ db: get().db, clock: () => new Date(), jobs: [job], log, batchSize: 4 });
    const first = await batches.tick(new Date('2026-12-01T00:01:00Z'));
    expect(first.failed).toBe(1);
    expect(first.ran.map((r) => r.key).sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k7', 'k8', 'k9']);
    expect(lines.filter((l) => l.key === 'k6').length).toBe(1);
    expect((await get().db.select().from(outbox)).length).toBe(9);
    const again = await batches.tick(new Date('2026-12-01T00:02:00Z'));
    expect([again.failed, again.ran.length]).toEqual([1, 0]);
    broken = false;
    const fixed = await batches.tick(new Date('2026-12-01T00:03:00Z'));
    expect([fixed.failed, fixed.ran.map((r) => r.key)]).toEqual([0, ['k6']]);
    expect(done.sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
    expect((await get().db.select().from(jobRuns)).length).toBe(10);
  });
});
