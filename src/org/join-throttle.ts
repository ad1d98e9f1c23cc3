import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { joinThrottle, members, roles } from '../../db/schema';
import { notifyMembers } from '../audience/audience';
import { orgTexts } from './org.text';

/** Five wrong codes within ten minutes, from one account or in one chat, stop `/join` there for fifteen minutes. */
export const JOIN_LIMIT = { failures: 5, windowMinutes: 10, cooldownMinutes: 15 } as const;
const MINUTE = 60_000;

/** The account always; the chat too when it is a group (in a private chat the two are the same person). */
export function throttleKeys(platform: string, senderId: string, chatId: string, chatKind: string): string[] {
  const keys = [`account:${platform}:${senderId}`];
  if (chatKind === 'group') keys.push(`chat:${platform}:${chatId}`);
  return keys;
}

/** When `/join` opens again for these keys, or null when it is open now. */
export async function joinLockedUntil(db: Db, keys: string[], now: Date): Promise<Date | null> {
  const rows = await db
    .select({ until: joinThrottle.lockedUntil })
    .from(joinThrottle)
    .where(and(inArray(joinThrottle.key, keys), gt(joinThrottle.lockedUntil, now)));
  const times = rows.map((r) => r.until?.getTime() ?? 0);
  return times.length ? new Date(Math.max(...times)) : null;
}

/**
 * Counts one wrong code against each key, atomically (two instances may count at once). Returns true when this
 * failure locked one of them, so the caller logs it and tells the secretary once.
 */
export async function recordJoinFailure(db: Db, keys: string[], now: Date): Promise<boolean> {
  const windowStartsAfter = new Date(now.getTime() - JOIN_LIMIT.windowMinutes * MINUTE);
  const lockUntil = new Date(now.getTime() + JOIN_LIMIT.cooldownMinutes * MINUTE);
  const stale = sql`${joinThrottle.windowStart} <= ${windowStartsAfter.toISOString()}::timestamptz`;
  const next = sql`case when ${stale} then 1 else ${joinThrottle.failures} + 1 end`;
  let locked = false;
  for (const key of keys) {
    const [row] = await db
      .insert(joinThrottle)
      .values({ key, windowStart: now, failures: 1 })
      .onConflictDoUpdate({
        target: joinThrottle.key,
        set: {
          failures: next,
          windowStart: sql`case when ${stale} then ${now.toISOString()}::timestamptz else ${joinThrottle.windowStart} end`,
          lockedUntil: sql`case when ${next} >= ${JOIN_LIMIT.failures} then ${lockUntil.toISOString()}::timestamptz else null end`,
        },
      })
      .returning({ failures: joinThrottle.failures });
    if (row?.failures === JOIN_LIMIT.failures) locked = true;
  }
  return locked;
}

/** A right code clears the account's count (a group chat's count stays: others there may still be guessing). */
export async function clearJoinFailures(db: Db, keys: string[]): Promise<void> {
  const accountKeys = keys.filter((k) => k.startsWith('account:'));
  if (accountKeys.length) await db.delete(joinThrottle).where(inArray(joinThrottle.key, accountKeys));
}

/** One private note an hour at most to every secretary: someone keeps sending wrong invite codes. */
export async function tellSecretariesOfGuessing(db: Db, now: Date, platform: string): Promise<void> {
  const secretaries = await db
    .selectDistinct({ id: members.id })
    .from(roles)
    .innerJoin(members, eq(members.id, roles.memberId))
    .where(and(eq(roles.role, 'secretary'), eq(members.active, true)));
  const hour = Math.floor(now.getTime() / (60 * MINUTE));
  await notifyMembers(
    db,
    now,
    secretaries.map((s) => s.id),
    { text: (lang) => orgTexts(lang).joinGuessing(platform, JOIN_LIMIT), dedupKey: `join-guessing:${hour}`, purpose: 'join-guessing' },
  );
}
