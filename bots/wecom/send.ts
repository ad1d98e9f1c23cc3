import type { WSClient } from '@wecom/aibot-node-sdk';
import type { Outbound, SendResult } from '../../src/chat/types';
import { sendFailure } from './errors';
import { actionCard, markdownBodies, mediaTypeOf } from './render';

export type SendDeps = {
  client: WSClient;
  /** Whether the bot is subscribed on a live socket now. */
  link: { readonly up: boolean };
  secrets: string[];
  /** How long the outbox waits before trying again while the link is down (no attempt is counted). */
  linkDownRetryMs: number;
};

/**
 * One outbox message as WeCom messages, all by proactive push (`aibot_send_msg`, addressed by the group's
 * chatid or the person's userid — a reply needs the callback's req_id, which does not survive a restart):
 * the text as markdown with `<@userid>` mentions, then a button card for the one-tap answers, then a file or
 * picture uploaded in chunks. Each waits for its ack. While disconnected nothing is tried: the message stays
 * in the outbox until the link is back.
 */
export async function sendOutbound(deps: SendDeps, out: Outbound): Promise<SendResult> {
  if (!deps.link.up) return { ok: false, error: 'wecom: not connected', retryAfterMs: deps.linkDownRetryMs, retryScope: 'instance' };
  const { client } = deps;
  try {
    let firstId: string | undefined;
    const track = (frame: { headers?: { req_id?: string } }) => {
      firstId ??= frame.headers?.req_id;
    };
    if (out.text.trim()) {
      for (const body of markdownBodies(out.text, out.mentions)) track(await client.sendMessage(out.chatId, body));
    }
    const card = actionCard(out.text, out.actions, `${out.chatId}|${out.text}`);
    if (card) track(await client.sendMessage(out.chatId, card));
    if (out.file) {
      const type = mediaTypeOf(out.file.mime);
      const uploaded = await client.uploadMedia(out.file.data, { type, filename: out.file.name });
      track(await client.sendMediaMessage(out.chatId, type, uploaded.media_id));
    }
    return { ok: true, messageId: firstId };
  } catch (err) {
    return sendFailure(err, deps.secrets, deps.linkDownRetryMs);
  }
}
