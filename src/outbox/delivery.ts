import type { Db } from '../../db/client';

/** An outbox row the platform accepted: what it was for, where it went, and the platform's id for it. */
export type Delivery = {
  purpose: string | null;
  purposeRef: Record<string, unknown> | null;
  platform: string;
  chatId: string;
  platformMessageId: string | undefined;
  at: Date;
};

/** "A message I posted was delivered": runs in the transaction that marks the row sent. */
export type DeliveredHook = (db: Db, delivery: Delivery) => Promise<void>;

/** All hooks as one; each sees every delivery and picks its own purposes. */
export const allDelivered =
  (hooks: readonly DeliveredHook[]): DeliveredHook =>
  async (db, delivery) => {
    for (const hook of hooks) await hook(db, delivery);
  };
