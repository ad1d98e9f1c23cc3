import { and, eq, sql } from 'drizzle-orm';
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { jobRuns } from '../../db/schema';
import type { ScheduledJob, Slot } from './job';
import { withinGrace } from './job';

export type TickResult = { ran: { job: string; key: string }[]; failed: number };

/**
 * Slots claimed and run in one transaction. Each batch costs a fixed handful of statements (the claim, one read
 * per kind of data, multi-row inserts), so 10,000 groups due at 08:00 are five batches, not 10,000 transactions;
 * a batch that fails is split until the slot at fault is alone, so one bad group does not hold back the others.
 */
export const SLOTS_PER_BATCH = 2000;

/**
 * Every minute: ask each job what may be due, keep the slots inside their grace window, drop those already
 * claimed (one query a job), and claim and run the rest batch by batch — the claim (one multi-row insert … on
 * conflict do nothing returning) and the job's work commit together. Two instances never both run a slot; a
 * crash between batches leaves the unclaimed ones for the next tick, within their grace window.
 */
export class Scheduler {
  private task: ScheduledTask | undefined;
  private running: Promise<unknown> = Promise.resolve();
  /** When the last tick finished (the health check shows it); undefined before the first. */
  lastTickAt: Date | undefined;
  private readonly batchSize: number;

  constructor(private readonly opts: { db: Db; clock: () => Date; jobs: ScheduledJob[]; log: Logger; batchSize?: number }) {
    this.batchSize = opts.batchSize ?? SLOTS_PER_BATCH;
  }

  async tick(now: Date): Promise<TickResult> {
    const result: TickResult = { ran: [], failed: 0 };
    for (const job of this.opts.jobs) {
      let open: Slot[];
      try {
        open = await this.unclaimed(job, await job.due({ db: this.opts.db, now }), now);
      } catch (err) {
        result.failed++;
        this.opts.log.error({ err, job: job.name }, 'could not tell what is due; asking again next minute');
        continue;
      }
      for (let i = 0; i < open.length; i += this.batchSize) await this.runBatch(job, open.slice(i, i + this.batchSize), now, result);
    }
    this.lastTickAt = now;
    return result;
  }

  /** The slots inside their grace window that no instance has claimed yet, each key once. */
  private async unclaimed(job: ScheduledJob, slots: Slot[], now: Date): Promise<Slot[]> {
    const byKey = new Map<string, Slot>();
    for (const slot of slots) {
      if (withinGrace(now, slot.dueAt, slot.graceMs) && !byKey.has(slot.key)) byKey.set(slot.key, slot);
    }
    if (byKey.size === 0) return [];
    const keys = JSON.stringify([...byKey.keys()]);
    const claimed = await this.opts.db
      .select({ key: jobRuns.key })
      .from(jobRuns)
      .where(and(eq(jobRuns.job, job.name), sql`${jobRuns.key} in (select jsonb_array_elements_text(${keys}::jsonb))`));
    for (const { key } of claimed) byKey.delete(key);
    return [...byKey.values()];
  }

  private async runBatch(job: ScheduledJob, slots: Slot[], now: Date, result: TickResult): Promise<void> {
    try {
      const ran = await this.opts.db.transaction(async (tx) => {
        const won = await tx
          .insert(jobRuns)
          .values(slots.map((s) => ({ job: job.name, key: s.key, ranAt: now })))
          .onConflictDoNothing()
          .returning({ key: jobRuns.key });
        const mine = new Set(won.map((w) => w.key));
        const claimed = slots.filter((s) => mine.has(s.key));
        if (claimed.length > 0) await job.run({ db: tx, now }, claimed);
        return claimed;
      });
      for (const s of ran) result.ran.push({ job: job.name, key: s.key });
    } catch (err) {
      if (slots.length > 1) {
        const half = Math.ceil(slots.length / 2);
        await this.runBatch(job, slots.slice(0, half), now, result);
        await this.runBatch(job, slots.slice(half), now, result);
        return;
      }
      result.failed++;
      this.opts.log.error({ err, job: job.name, key: slots[0]?.key }, 'scheduled job failed; it will be retried next minute within its grace window');
    }
  }

  /** Runs every minute (or `stepMs`) between two instants (the console's clock jumps; tests simulate days). */
  async catchUp(from: Date, to: Date, afterEach?: (at: Date) => Promise<void>, stepMs = 60_000): Promise<void> {
    for (let t = Math.ceil(from.getTime() / stepMs) * stepMs; t <= to.getTime(); t += stepMs) {
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
