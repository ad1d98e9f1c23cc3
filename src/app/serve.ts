import { replyDedupKey } from '../outbox/request-id';
import type { ChatAdapter, InboundHandler, InboundMessage, Outbound, SendResult } from '../chat/types';
import { enqueue } from '../outbox/enqueue';
import type { HoldBook } from '../outbox/holds';
import type { App } from './app';
import { undeliverableNote } from './handle-inbound';

/** The outbox dispatcher's view of a platform's "wait", shared so that direct replies respect it too. */
export type HoldKeeper = { holds: HoldBook; hold(platform: string, chatId: string, until: Date, reason: string): Promise<void> };

/**
 * The glue every adapter uses: hand the message to the app, send back what it answers. A reply the platform
 * refuses for now (rate limit, link down) is not dropped: it goes to the outbox and is retried from there.
 */
export function replyingHandler(app: App, adapter: ChatAdapter, keeper?: HoldKeeper): InboundHandler {
  return async (msg) => sendReplies(app, adapter, msg, await app.handleInbound(msg), keeper);
}

/**
 * Sends a message's replies. A chat on hold (the platform said wait) gets its reply through the outbox when the
 * hold ends. When a private reply cannot be delivered (the member never opened a private chat with the bot), the
 * group hears that instead of "sent to you privately".
 */
export async function sendReplies(app: App, adapter: ChatAdapter, msg: InboundMessage, replies: Outbound[], keeper?: HoldKeeper): Promise<void> {
  let privateFailed = false;
  for (const [index, original] of replies.entries()) {
    const instead = privateFailed ? undeliverableNote(original) : undefined;
    const reply: Outbound = instead ? { ...original, text: instead } : original;
    const now = app.clock();
    const held = keeper?.holds.current(reply.platform, reply.chatId, now.getTime());
    if (held) {
      await queueReply(app, msg, reply, index, new Date(held.untilMs));
      continue;
    }
    const result: SendResult = await adapter.send(reply).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
    if (result.ok) continue;
    if (result.chatGone) {
      app.log.warn({ platform: adapter.platform, chat: reply.chatId, error: result.error }, 'reply not delivered: the chat refuses the bot');
      privateFailed ||= msg.chatKind === 'group' && reply.chatId === msg.senderId;
      continue;
    }
    app.log.warn({ platform: adapter.platform, chat: reply.chatId, error: result.error }, 'reply not delivered; queued in the outbox');
    const until = new Date(now.getTime() + (result.retryAfterMs ?? 5000));
    if (result.retryAfterMs !== undefined)
      await keeper?.hold(reply.platform, result.retryScope === 'platform' ? '*' : reply.chatId, until, result.error);
    await queueReply(app, msg, reply, index, until);
  }
}

function queueReply(app: App, msg: InboundMessage, reply: Outbound, index: number, availableAt: Date): Promise<boolean> {
  return enqueue(app.db, app.clock(), {
    ...fromOutbound(reply),
    dedupKey: replyDedupKey(msg.platform, msg.messageId, index),
    availableAt,
  });
}

function fromOutbound(out: Outbound) {
  return {
    platform: out.platform,
    chatId: out.chatId,
    text: out.text,
    mentions: out.mentions,
    actions: out.actions,
    file: out.file ? { name: out.file.name, mime: out.file.mime, base64: out.file.data.toString('base64') } : null,
    purpose: 'reply',
  };
}
