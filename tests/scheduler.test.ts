import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { openDb, rawRows } from '../db/client';
import type { Db } from '../db/client';
import { chats, jobRuns, outbox } from '../db/schema';
import { isRequiredDay, PACKAGE_CALENDAR } from '../src/calendar/required-days';
import { ALL_JOBS } from '../src/app/features';
import { Scheduler } from '../src/jobs/scheduler';
import { silentLogger } from '../src/log';
import { bindChat, createBranch, createGroup, createMember } from '../src/org/org.service';
import { datesBetween, zonedInstant } from '../src/time';
import { forEachBackend } from './harness/backends';

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

forEachBackend('scheduler', (get, kind) => {
  it('two instances on one database run every slot of 30 days × 50 groups exactly once', async () => {
    const start = zonedInstant('2026-11-01', '00:00', TZ);
    await seedGroups(get().db, 50, start);
    // On PostgreSQL the second instance has its own connection pool, as a second process would.
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
    expect(new Set(prompts.map((p) => p.key)).size).toBe(prompts.length);
    console.info(`[${kind}] ${expected} slots over ${requiredDays} required days: instance A ran ${ran.a}, B ran ${ran.b}`);
  }, 600_000);

  it('after a restart runs a slot missed within the grace window once, and skips one missed beyond it', async () => {
    const now = zonedInstant('2026-12-01', '07:00', TZ);
    await seedGroups(get().db, 1, now);
    const first = scheduler(get().db);
    await first.tick(zonedInstant('2026-12-01', '07:59', TZ));
    // Down from 07:59 to 09:30: the 08:00 prompt is 90 minutes late, inside the 2-hour grace.
    const restarted = scheduler(get().db);
    const late = await restarted.tick(zonedInstant('2026-12-01', '09:30', TZ));
    expect(late.ran.map((s) => s.job)).toEqual(['checkin.prompt']);
    expect((await restarted.tick(zonedInstant('2026-12-01', '09:31', TZ))).ran).toEqual([]);
    // Down from 11:59 to 14:30: the 12:00 reminder is 2.5 hours late and is skipped, not sent stale.
    const again = scheduler(get().db);
    expect((await again.tick(zonedInstant('2026-12-01', '14:30', TZ))).ran).toEqual([]);
    const rows = await get().db.select().from(outbox);
    expect(rows.filter((r) => r.purpose === 'checkin.prompt').length).toBe(1);
    expect(rows.filter((r) => r.purpose === 'checkin.remind').length).toBe(0);
  });
});
