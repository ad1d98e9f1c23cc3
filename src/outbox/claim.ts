import { and, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rawRows } from '../../db/client';
import { chats, outbox } from '../../db/schema';
import type { DeliveredHook } from './delivery';
import { groupedBy } from '../grouped-by';
import { notHeld } from './holds';

export type OutboxRow = typeof outbox.$inferSelect;

/** Dispatchers claiming at once: each can find a batch among this many times the batch size. */
const CANDIDATES_PER_ROW = 4;

/**
 * Takes up to `limit` due rows for these platforms, at most one per chat, and leases them until `lockedUntil`.
 * SKIP LOCKED lets several dispatchers share one table; an expired lease (a dispatcher that died) makes a row due again.
 * Rows whose chat (or platform) the platform asked us to leave alone for now stay where they are.
 */
export async function claimDue(db: Db, platforms: string[], now: Date, leaseMs: number, limit: number): Promise<OutboxRow[]> {
  if (platforms.length === 0) return [];
  const lockedUntil = new Date(now.getTime() + leaseMs);
  return db.transaction(async (tx) => {
    // More heads than wanted: a dispatcher claiming at the same moment locks the first ones, and this one takes the next.
    const heads = await rawRows<{ id: number }>(tx, dueHeads(platforms, now, limit * CANDIDATES_PER_ROW));
    if (heads.length === 0) return [];
    // Another dispatcher may have taken some meanwhile: only those still free are leased (the rest are skipped).
    const free = tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          inArray(
            outbox.id,
            heads.map((r) => Number(r.id)),
          ),
          eq(outbox.status, 'pending'),
          or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, now)),
        ),
      )
      .orderBy(outbox.id)
      .limit(limit)
      .for('update', { skipLocked: true });
    const claimed = await tx
      .update(outbox)
      .set({ lockedUntil, attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, free))
      .returning();
    // UPDATE … RETURNING promises no order: deliver in the order claimed.
    return claimed.sort((a, b) => a.id - b.id);
  });
}

/** When each of these chats was sent to in the last minute, by any process. */
export async function recentSends(db: Db, platform: string, chatIds: string[], now: Date): Promise<Map<string, number[]>> {
  if (chatIds.length === 0) return new Map();
  const rows = await db
    .select({ chatId: outbox.chatExternalId, sentAt: outbox.sentAt })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, 'sent'),
        eq(outbox.platform, platform),
        inArray(outbox.chatExternalId, chatIds),
        gt(outbox.sentAt, new Date(now.getTime() - 60_000)),
      ),
    );
  const byChat = groupedBy(rows, (r) => r.chatId);
  return new Map([...byChat].map(([chatId, sends]) => [chatId, sends.flatMap((r) => (r.sentAt ? [r.sentAt.getTime()] : []))]));
}

/**
 * An earlier row of the chat put back for less than this still holds back the ones after it: a row deferred for
 * the chat's pacing (the per-minute cap waits up to a minute) or a short hold. Two dispatchers defer a chat's
 * rows to slightly different times, so without it a later row could become due first and overtake (the soak saw
 * a silent-member alert arrive before the evening details queued just before it).
 */
const BLOCKS_WITHIN_MS = 120_000;

/**
 * The oldest due rows that are each the first of their chat still waiting: no earlier message to the chat is due
 * or nearly due (within `BLOCKS_WITHIN_MS`), so a chat's messages leave one at a time and in order, even with
 * several dispatchers (the earlier row stays pending while another process sends it). A row backed off longer
 * after failures no longer blocks the ones after it.
 *
 * Each chat's first row is found in one ordered pass over the pending rows (DISTINCT ON along the
 * `outbox_pending_chat` index), whatever the planner believes. As a NOT EXISTS per row it was a nested loop
 * when statistics lagged a burst of new rows: 12,000 reminders queued at once took 55–95 s a claim.
 */
function dueHeads(platforms: string[], now: Date, limit: number) {
  const horizon = new Date(now.getTime() + BLOCKS_WITHIN_MS).toISOString();
  const at = now.toISOString();
  const names = sql.join(
    platforms.map((p) => sql`${p}`),
    sql`, `,
  );
  return sql`select "outbox"."id" from (
      select distinct on (platform, chat_external_id) id, platform, chat_external_id, available_at, locked_until
      from outbox
      where status = 'pending' and platform in (${names}) and available_at <= ${horizon}::timestamptz
      order by platform, chat_external_id, id
    ) as "outbox"
    where "outbox"."available_at" <= ${at}::timestamptz
      and ("outbox"."locked_until" is null or "outbox"."locked_until" <= ${at}::timestamptz)
      and ${notHeld(now)}
    -- Oldest first by id, not by when due: a row put back by a retry-after keeps its place ahead of its chat's later ones.
    order by "outbox"."id"
    limit ${limit}`;
}

/**
 * Marks the row sent and tells the features, in one transaction (e.g. a sent prompt is remembered for replies).
 * A chat marked gone that took a message again is back (e.g. the bot was added to the group again).
 */
export async function markSent(db: Db, row: OutboxRow, now: Date, platformMessageId?: string, onDelivered?: DeliveredHook): Promise<void> {
  await db.transaction(async (tx) => {
    const marked = await tx
      .update(outbox)
      .set({ status: 'sent', sentAt: now, lockedUntil: null, platformMessageId: platformMessageId ?? null })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')))
      .returning({ id: outbox.id });
    if (marked.length === 0) return;
    await restoreChat(tx, row.platform, row.chatExternalId);
    if (!onDelivered) return;
    const delivery = {
      purpose: row.purpose,
      purposeRef: row.purposeRef,
      platform: row.platform,
      chatId: row.chatExternalId,
      platformMessageId,
      at: now,
    };
    await onDelivered(tx, delivery);
  });
}

/** Marks a chat active again; true when it had been marked gone. */
async function restoreChat(db: Db, platform: string, chatId: string): Promise<boolean> {
  const back = await db
    .update(chats)
    .set({ active: true })
    .where(and(eq(chats.platform, platform), eq(chats.externalId, chatId), eq(chats.active, false)))
    .returning({ id: chats.id });
  return back.length > 0;
}

/** Back to the queue, not before `availableAt`. */
export async function release(db: Db, row: OutboxRow, availableAt: Date, error?: string, countAttempt = true): Promise<void> {
  await db
    .update(outbox)
    .set({
      availableAt,
      lockedUntil: null,
      lastError: error ?? row.lastError,
      attempts: countAttempt ? row.attempts : row.attempts - 1,
    })
    .where(eq(outbox.id, row.id));
}

export async function markDead(db: Db, row: OutboxRow, reason: string): Promise<void> {
  await db.update(outbox).set({ status: 'dead', lockedUntil: null, lastError: reason }).where(eq(outbox.id, row.id));
}

export type GoneChat = { id: number; kind: 'group' | 'private'; title: string | null; groupId: number | null };

/**
 * The bot was removed from a chat: stop posting there and drop what is queued for it. Returns the chat when
 * this call is the one that marked it inactive (so whoever must hear of it is told once), else null.
 */
export async function markChatGone(db: Db, platform: string, chatId: string, reason: string): Promise<GoneChat | null> {
  return db.transaction(async (tx) => {
    const [gone] = await tx
      .update(chats)
      .set({ active: false })
      .where(and(eq(chats.platform, platform), eq(chats.externalId, chatId), eq(chats.active, true)))
      .returning({ id: chats.id, kind: chats.kind, title: chats.title, groupId: chats.groupId });
    await tx
      .update(outbox)
      .set({ status: 'dead', lockedUntil: null, lastError: reason })
      .where(and(eq(outbox.platform, platform), eq(outbox.chatExternalId, chatId), eq(outbox.status, 'pending')));
    return gone ?? null;
  });
}
