import { and, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { deliveryHolds, WHOLE_PLATFORM } from '../../db/schema';

export { WHOLE_PLATFORM };

const key = (platform: string, chatId: string) => `${platform}\u0000${chatId}`;

/**
 * The holds this process knows of (its own answers from the platform, and the database's on every pass), so a
 * batch already claimed and a direct reply both respect a retry-after without asking the database again.
 */
export class HoldBook {
  private readonly holds = new Map<string, { untilMs: number; reason: string }>();

  /** When `chatId` may next be sent to on `platform` (0: now), counting a hold on the whole platform. */
  until(platform: string, chatId: string, nowMs: number): number {
    return this.current(platform, chatId, nowMs)?.untilMs ?? 0;
  }

  /** The hold in force on this chat (or its platform), with what the platform said. */
  current(platform: string, chatId: string, nowMs: number): { untilMs: number; reason: string } | undefined {
    const a = this.holds.get(key(platform, chatId));
    const b = this.holds.get(key(platform, WHOLE_PLATFORM));
    const longer = (a?.untilMs ?? 0) >= (b?.untilMs ?? 0) ? a : b;
    return longer && longer.untilMs > nowMs ? longer : undefined;
  }

  note(platform: string, chatId: string, untilMs: number, reason = ''): void {
    const k = key(platform, chatId);
    if ((this.holds.get(k)?.untilMs ?? 0) < untilMs) this.holds.set(k, { untilMs, reason });
  }

  /** Ends a hold early, but only the one noted with exactly `untilMs` (a longer one noted since, e.g. a 429, stays). */
  lift(platform: string, chatId: string, untilMs: number): void {
    const k = key(platform, chatId);
    if (this.holds.get(k)?.untilMs === untilMs) this.holds.delete(k);
  }

  /** Forgets expired holds (keeps the map small on a bot with many chats). */
  prune(nowMs: number): void {
    for (const [k, h] of this.holds) if (h.untilMs <= nowMs) this.holds.delete(k);
  }
}

/** Records a hold in the database; a shorter hold never shortens a longer one already there. */
export async function holdDelivery(db: Db, platform: string, chatId: string, until: Date, reason: string): Promise<void> {
  await db
    .insert(deliveryHolds)
    .values({ platform, chatExternalId: chatId, until, reason })
    .onConflictDoUpdate({
      target: [deliveryHolds.platform, deliveryHolds.chatExternalId],
      set: { until: sql`greatest(${deliveryHolds.until}, excluded.until)`, reason: sql`excluded.reason` },
    });
}

/** Holds still in force on these platforms (every dispatcher pass reads them, so other processes' answers count). */
export async function loadHolds(db: Db, platforms: string[], now: Date, into: HoldBook): Promise<void> {
  if (platforms.length === 0) return;
  const rows = await db
    .select()
    .from(deliveryHolds)
    .where(and(inArray(deliveryHolds.platform, platforms), gt(deliveryHolds.until, now)));
  into.prune(now.getTime());
  for (const r of rows) into.note(r.platform, r.chatExternalId, r.until.getTime(), r.reason ?? '');
}

/** SQL for "this outbox row's chat (or platform) is not on hold at `now`", for the claim. */
export function notHeld(now: Date) {
  return sql`not exists (select 1 from delivery_holds h where h.platform = "outbox"."platform"
    and h.chat_external_id in ("outbox"."chat_external_id", ${WHOLE_PLATFORM}) and h.until > ${now.toISOString()}::timestamptz)`;
}
