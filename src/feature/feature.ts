import type { CommandDef, MemberContext, Reply } from '../commands/types';
import type { ScheduledJob } from '../jobs/job';
import type { DeliveredHook } from '../outbox/delivery';
import type { SheetDef } from './sheet';

/** A feature's answer to plain (non-command) text, e.g. a reply to the day's check-in prompt; null: not mine. */
export type PlainTextHandler = (ctx: MemberContext) => Promise<Reply[] | null>;

/**
 * Everything a feature brings, declared in one place (its `*.feature.ts`); `src/app/features.ts` lists them.
 * Nothing below the composition floor (`src/app/`) imports a feature: it sees only these declarations.
 */
export type Feature = {
  name: string;
  /** In the order /help lists them. */
  commands: CommandDef[];
  plainText?: PlainTextHandler;
  jobs?: ScheduledJob[];
  /** Worksheets for `/export` and `yemai export`, in workbook order. */
  sheets?: SheetDef[];
  onDelivered?: DeliveredHook;
};

export type { Delivery, DeliveredHook } from '../outbox/delivery';
