import type { App } from '../app';
import type { ChatAdapter, InboundHandler } from './types';

/** The glue every adapter uses: hand the message to the app, send back what it answers. */
export function replyingHandler(app: App, adapter: ChatAdapter): InboundHandler {
  return async (msg) => {
    const replies = await app.handleInbound(msg);
    for (const reply of replies) {
      const result = await adapter.send(reply);
      if (!result.ok) app.log.warn({ platform: adapter.platform, chat: reply.chatId, error: result.error }, 'reply not delivered');
    }
  };
}
