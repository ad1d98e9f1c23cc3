import type { Db } from '../../db/client';
import type { OutboxAction, OutboxFile, OutboxMention } from '../../db/schema';
import { outbox } from '../../db/schema';

export type OutgoingMessage = {
  /** Same key, same message: a second enqueue with it is ignored. */
  dedupKey: string;
  platform: string;
  chatId: string;
  text: string;
  mentions?: OutboxMention[];
  file?: OutboxFile | null;
  actions?: OutboxAction[];
  purpose?: string;
  purposeRef?: Record<string, unknown>;
  availableAt?: Date;
};

/** Rows per INSERT: 11 parameters a row stays under the protocol's 65,535 parameters a statement. */
export const ROWS_PER_INSERT = 5000;

const toRow = (now: Date, msg: OutgoingMessage) => ({
  dedupKey: msg.dedupKey,
  platform: msg.platform,
  chatExternalId: msg.chatId,
  text: msg.text,
  mentions: msg.mentions ?? [],
  file: msg.file ?? null,
  actions: msg.actions ?? [],
  purpose: msg.purpose ?? null,
  purposeRef: msg.purposeRef ?? null,
  availableAt: msg.availableAt ?? now,
  createdAt: now,
});

/**
 * Writes the messages in the caller's transaction, as few multi-row INSERTs as the parameter limit allows; a
 * key already used is skipped. Returns the keys written.
 */
export async function enqueueMany(db: Db, now: Date, msgs: readonly OutgoingMessage[]): Promise<Set<string>> {
  const written = new Set<string>();
  for (let i = 0; i < msgs.length; i += ROWS_PER_INSERT) {
    const rows = await db
      .insert(outbox)
      .values(msgs.slice(i, i + ROWS_PER_INSERT).map((m) => toRow(now, m)))
      .onConflictDoNothing({ target: outbox.dedupKey })
      .returning({ key: outbox.dedupKey });
    for (const r of rows) written.add(r.key);
  }
  return written;
}

/** Writes one message in the caller's transaction; returns false when its key was already used. */
export async function enqueue(db: Db, now: Date, msg: OutgoingMessage): Promise<boolean> {
  return (await enqueueMany(db, now, [msg])).size > 0;
}
