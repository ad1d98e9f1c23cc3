import { and, inArray } from 'drizzle-orm';
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { groups, jobRuns } from '../../db/schema';
import { groupSettings } from '../org/settings';
import type { DueSlot, ScheduledGroup, ScheduledJob } from './job';

export type TickResult = { ran: DueSlot[]; failed: number };

const slotKey = (s: { job: string; groupId: number; localDate: string; slot: string }) => `${s.job}|${s.groupId}|${s.localDate}|${s.slot}`;

/**
 * Every minute: ask each job what is due, claim each due slot by inserting its key, and do its work in the
 * same transaction, so two instances never both run a slot and a restart still runs what it missed.
 */
export class Scheduler {
  private task: ScheduledTask | undefined;
  private running: Promise<unknown> = Promise.resolve();
  /** When the last tick finished (the health check shows it); undefined before the first. */
  lastTickAt: Date | undefined;

  constructor(private readonly opts: { db: Db; clock: () => Date; jobs: ScheduledJob[]; log: Logger }) {}

  async tick(now: Date): Promise<TickResult> {
    const { db, jobs, log } = this.opts;
    const all = await loadGroups(db);
    const byId = new Map(all.map((g) => [g.id, g]));
    const due: { job: ScheduledJob; slot: DueSlot }[] = [];
    for (const job of jobs) {
      for (const slot of await job.due(db, now, all)) {
        const late = now.getTime() - slot.dueAt.getTime();
        if (late >= 0 && late <= slot.graceMs) due.push({ job, slot });
      }
    }
    const claimed = await alreadyClaimed(
      db,
      due.map((d) => d.slot),
    );
    const result: TickResult = { ran: [], failed: 0 };
    for (const { job, slot } of due) {
      if (claimed.has(slotKey(slot))) continue;
      try {
        const ran = await db.transaction(async (tx) => {
          const inserted = await tx
            .insert(jobRuns)
            .values({ job: slot.job, groupId: slot.groupId, localDate: slot.localDate, slot: slot.slot, ranAt: now })
            .onConflictDoNothing()
            .returning({ job: jobRuns.job });
          if (inserted.length === 0) return false;
          await job.run({ db: tx, now, slot, group: byId.get(slot.groupId) });
          return true;
        });
        if (ran) result.ran.push(slot);
      } catch (err) {
        result.failed++;
        log.error({ err, slot }, 'scheduled job failed; it will be retried next minute within its grace window');
      }
    }
    this.lastTickAt = now;
    return result;
  }

  /** Runs every minute (or `stepMs`) between two instants (the console's clock jumps; tests simulate days). */
  async catchUp(from: Date, to: Date, afterEach?: (at: Date) => Promise<void>, stepMs = 60_000): Promise<void> {
    const step = stepMs;
    for (let t = Math.ceil(from.getTime() / step) * step; t <= to.getTime(); t += step) {
      await this.tick(new Date(t));
      await afterEach?.(new Date(t));
    }
  }

  start(): void {
    const run = () => {
      this.running = this.tick(this.opts.clock()).catch((err) => this.opts.log.error({ err }, 'scheduler tick failed'));
    };
    run();
    this.task = cron.schedule('* * * * *', run, { noOverlap: true });
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.running;
  }
}

async function loadGroups(db: Db): Promise<ScheduledGroup[]> {
  const rows = await db.select().from(groups);
  return rows.map((g) => ({ ...g, config: groupSettings(g.settings) }));
}

async function alreadyClaimed(db: Db, slots: DueSlot[]): Promise<Set<string>> {
  if (slots.length === 0) return new Set();
  const jobNames = [...new Set(slots.map((s) => s.job))];
  const groupIds = [...new Set(slots.map((s) => s.groupId))];
  const dates = [...new Set(slots.map((s) => s.localDate))];
  const rows = await db
    .select()
    .from(jobRuns)
    .where(and(inArray(jobRuns.job, jobNames), inArray(jobRuns.groupId, groupIds), inArray(jobRuns.localDate, dates)));
  return new Set(rows.map(slotKey));
}
