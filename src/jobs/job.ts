import type { Db } from '../../db/client';

/**
 * One run of a job that may be due: the key (unique within the job) is claimed at most once; the payload is what
 * the run needs (ids, the group and its day), so nothing is parsed back out of the key.
 */
export type Slot<P = unknown> = {
  key: string;
  dueAt: Date;
  /** After this long past `dueAt` a missed slot is skipped rather than run late. */
  graceMs: number;
  payload: P;
};

/** What a tick hands every job: the same `now` object to all of them (see `perTick`). */
export type TickContext = { db: Db; now: Date };

/**
 * A job answers "what may be due at time T" and does the work of claimed slots, many at once, inside the
 * transaction that claimed them (so a slot's outbox rows and its claim commit together).
 */
export type JobDef<P> = {
  name: string;
  due(ctx: TickContext): Promise<Slot<P>[]> | Slot<P>[];
  run(ctx: TickContext, slots: Slot<P>[]): Promise<void>;
};

/** A job as the scheduler sees it: its payload type is the job's own business. */
export type ScheduledJob = JobDef<unknown>;

/** Keeps the job's payload type for its own `due` and `run`, and hides it from the scheduler's list. */
export const defineJob = <P>(job: JobDef<P>): ScheduledJob => job as unknown as ScheduledJob;

/** Whether a slot due at `dueAt` may run at `now`: not before it is due, and not after its grace window. */
export function withinGrace(now: Date, dueAt: Date, graceMs: number): boolean {
  const late = now.getTime() - dueAt.getTime();
  return late >= 0 && late <= graceMs;
}

/** For jobs that work one slot at a time (a few slots a tick: an item, a meeting, a ticket). */
export const eachSlot =
  <P>(work: (ctx: TickContext, slot: Slot<P>) => Promise<void>) =>
  async (ctx: TickContext, slots: Slot<P>[]): Promise<void> => {
    for (const slot of slots) await work(ctx, slot);
  };

/**
 * A slot's key: the day it is for and its name, after the group it belongs to when it has one. Keys claimed
 * before slots had payloads were (job, group, date, name) with group 0 for "none"; the migration wrote those
 * rows' keys in this form, so a slot claimed then is still claimed now.
 */
export const slotKey = (date: string, name: string, groupId?: number | null): string => (groupId ? `g${groupId}:${date}:${name}` : `${date}:${name}`);
