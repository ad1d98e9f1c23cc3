import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rawRows } from '../../db/client';
import { outbox } from '../../db/schema';
import type { OutboxAction } from '../../db/schema';

/** A message the platform accepted from us: where, under which id, what it said and the buttons it offered. */
export type Delivered = { chatId: string; messageId: string; text: string; actions: OutboxAction[] };

const WEEK_MS = 7 * 86_400_000;

/**
 * The last `perChat` messages delivered to each chat of a platform within the last week, oldest first, with the
 * platform's ids — what an adapter that can only match replies by their quoted text (WeChat) needs to remember
 * across a restart.
 */
export async function recentDeliveries(db: Db, platform: string, now: Date, perChat = 50): Promise<Delivered[]> {
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  const rows = await rawRows<{ chat_id: string; message_id: string; text: string; actions: OutboxAction[] | string }>(
    db,
    sql`select chat_id, message_id, text, actions from (
          select chat_external_id as chat_id, platform_message_id as message_id, text, actions, sent_at, id,
                 row_number() over (partition by chat_external_id order by sent_at desc, id desc) as nth
          from ${outbox}
          where platform = ${platform} and status = 'sent' and platform_message_id is not null and sent_at >= ${since}::timestamptz
        ) recent where nth <= ${perChat} order by sent_at, id`,
  );
  return rows.map((r) => ({
    chatId: r.chat_id,
    messageId: r.message_id,
    text: r.text,
    actions: typeof r.actions === 'string' ? (JSON.parse(r.actions) as OutboxAction[]) : r.actions,
  }));
}
