import type { Db } from '../../db/client';
import type { groups } from '../../db/schema';
import type { GroupSettings } from '../org/settings';

export type GroupRow = typeof groups.$inferSelect;
export type ScheduledGroup = GroupRow & { config: GroupSettings };

/** One run of a job that is due: the key (job, group, local date, slot) is claimed at most once. */
export type DueSlot = {
  job: string;
  groupId: number;
  localDate: string;
  slot: string;
  dueAt: Date;
  /** After this long past `dueAt` a missed slot is skipped rather than run late. */
  graceMs: number;
};

export type JobRunContext = { db: Db; now: Date; slot: DueSlot; group: ScheduledGroup | undefined };

/** A job answers "what is due at time T" and does one slot's work inside the claiming transaction. */
export type ScheduledJob = {
  name: string;
  due(db: Db, now: Date, groups: ScheduledGroup[]): Promise<DueSlot[]> | DueSlot[];
  run(ctx: JobRunContext): Promise<void>;
};
