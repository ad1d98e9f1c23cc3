import type { App } from './app';
import { enqueue } from '../outbox/enqueue';
import type { ChatAdapter, InboundHandler, Outbound } from '../chat/types';

/**
 * The glue every adapter uses: hand the message to the app, send back what it answers. A reply the platform
 * refuses for now (rate limit, link down) is not dropped: it goes to the outbox and is retried from there.
 */
export function replyingHandler(app: App, adapter: ChatAdapter): InboundHandler {
  return async (msg) => {
    const replies = await app.handleInbound(msg);
    for (const [index, reply] of replies.entries()) {
      const result = await adapter.send(reply).catch((err: unknown) => ({ ok: false as const, error: String(err) }));
      if (result.ok) continue;
      app.log.warn({ platform: adapter.platform, chat: reply.chatId, error: result.error }, 'reply not delivered; queued in the outbox');
      if ('chatGone' in result && result.chatGone) continue;
      const now = app.clock();
      const delay = 'retryAfterMs' in result && result.retryAfterMs ? result.retryAfterMs : 5000;
      await enqueue(app.db, now, {
        ...fromOutbound(reply),
        dedupKey: `reply:${msg.platform}:${msg.messageId}:${index}`,
        availableAt: new Date(now.getTime() + delay),
      });
    }
  };
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
