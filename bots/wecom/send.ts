import type { WSClient } from '@wecom/aibot-node-sdk';
import type { Logger } from 'pino';
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
  log: Logger;
  /** Tries of a later part before it is given up (the first part's failure is the outbox's to retry). */
  partAttempts?: number;
  /**
   * The longest wait between two tries of a later part, whatever the server asked for. All tries together must stay
   * well inside the outbox's claim (60 s): past it another process could take the row and send the whole message again.
   */
  partWaitCapMs?: number;
};

type Frame = { headers?: { req_id?: string } };
type Part = { what: string; send: () => Promise<Frame> };

/** The WeCom messages one outbox message becomes, in order: the text, the button card, the file. */
function partsOf(client: WSClient, out: Outbound): Part[] {
  const parts: Part[] = [];
  if (out.text.trim()) {
    for (const body of markdownBodies(out.text, out.mentions)) parts.push({ what: 'text', send: () => client.sendMessage(out.chatId, body) });
  }
  const card = actionCard(out.text, out.actions, `${out.chatId}|${out.text}`);
  if (card) parts.push({ what: 'card', send: () => client.sendMessage(out.chatId, card) });
  const file = out.file;
  if (file) {
    const type = mediaTypeOf(file.mime);
    parts.push({
      what: 'file',
      send: async () => {
        const uploaded = await client.uploadMedia(file.data, { type, filename: file.name });
        return client.sendMediaMessage(out.chatId, type, uploaded.media_id);
      },
    });
  }
  return parts;
}

/**
 * One outbox message as WeCom messages, all by proactive push (`aibot_send_msg`, addressed by the group's
 * chatid or the person's userid — a reply needs the callback's req_id, which does not survive a restart):
 * the text as markdown with `<@userid>` mentions, then a button card for the one-tap answers, then a file or
 * picture uploaded in chunks. Each waits for its ack. While disconnected nothing is tried: the message stays
 * in the outbox until the link is back. Once the first part is out, a later part's failure must not make the
 * outbox send the whole message again (the members would read the text twice), so later parts are retried here
 * a few times and otherwise logged and given up.
 */
export async function sendOutbound(deps: SendDeps, out: Outbound): Promise<SendResult> {
  if (!deps.link.up) return { ok: false, error: 'wecom: not connected', retryAfterMs: deps.linkDownRetryMs, retryScope: 'instance' };
  const [first, ...rest] = partsOf(deps.client, out);
  if (!first) return { ok: true };
  let firstId: string | undefined;
  try {
    firstId = (await first.send()).headers?.req_id;
  } catch (err) {
    return sendFailure(err, deps.secrets, deps.linkDownRetryMs);
  }
  for (const [i, part] of rest.entries()) {
    if (!(await sendLaterPart(deps, out.chatId, part, i + 2))) break;
  }
  return { ok: true, messageId: firstId };
}

async function sendLaterPart(deps: SendDeps, chatId: string, part: Part, index: number): Promise<boolean> {
  const attempts = deps.partAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      await part.send();
      return true;
    } catch (err) {
      const result = sendFailure(err, deps.secrets, deps.linkDownRetryMs);
      const error = result.ok ? '' : result.error;
      if (result.ok || result.chatGone || attempt >= attempts) {
        deps.log.error({ chat: chatId, part: index, kind: part.what, error }, 'part of a message not delivered; the parts before it were');
        return false;
      }
      const wait = Math.min(result.retryAfterMs ?? 1000, deps.partWaitCapMs ?? 5_000);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
