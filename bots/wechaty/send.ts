import { randomUUID } from 'node:crypto';
import { FileBox } from 'file-box';
import type { Logger } from 'pino';
import type { Wechaty } from 'wechaty';
import type { Outbound, SendResult } from '../../src/chat/types';
import { classifyError, errorText } from './errors';
import type { RecentSent } from './quote';
import { withActionHint } from './wechaty.text';

export type ChatKinds = Map<string, 'room' | 'contact'>;

export type SendDeps = {
  bot: Wechaty;
  /** Whether the link is up now, and where to report an error that says it is not. */
  link: { readonly up: boolean; reportSendError(text: string): void };
  recent: RecentSent;
  /** Chat kinds seen on inbound messages; ids never seen fall back to WeChat's id shapes. */
  kinds: ChatKinds;
  log: Logger;
  secrets: string[];
  /** How long the outbox waits before trying again while the link is down (no attempt is counted). */
  linkDownRetryMs: number;
};

/** WeChat room ids end in "@chatroom"; WeCom (wxwork) room ids start with "R:". Contact ids are neither. */
export function isRoomId(chatId: string, kinds: ChatKinds): boolean {
  const known = kinds.get(chatId);
  if (known) return known === 'room';
  return chatId.endsWith('@chatroom') || chatId.startsWith('R:');
}

/**
 * One outbox message: room.say with real @-mentions of the given members, or a 1:1 message; a file goes
 * as a FileBox after the text. While the link is down nothing is tried: the result asks the outbox to
 * come back later, and the message stays queued until the supervisor has reconnected.
 */
export async function sendOutbound(deps: SendDeps, out: Outbound): Promise<SendResult> {
  const down = (error = 'wechaty: link down, not logged in'): SendResult => ({
    ok: false,
    error,
    retryAfterMs: deps.linkDownRetryMs,
    retryScope: 'instance',
  });
  if (!deps.link.up) return down();
  const { bot } = deps;
  const text = withActionHint(out.text, out.actions);
  try {
    let sentId: string | undefined;
    if (isRoomId(out.chatId, deps.kinds)) {
      const room = await bot.Room.find({ id: out.chatId });
      if (!room) return deps.link.up ? { ok: false, error: 'wechaty: room not found' } : down();
      const mentioned = [];
      for (const m of out.mentions ?? []) {
        const contact = await bot.Contact.find({ id: m.externalId });
        if (contact) mentioned.push(contact);
        else deps.log.warn({ chat: out.chatId, contact: m.externalId }, 'wechaty: mentioned contact not found');
      }
      if (text.trim()) sentId = (await room.say(text, ...mentioned))?.id;
      if (out.file) {
        const fileId = (await room.say(FileBox.fromBuffer(out.file.data, out.file.name)))?.id;
        sentId ??= fileId;
      }
    } else {
      const contact = await bot.Contact.find({ id: out.chatId });
      if (!contact) return deps.link.up ? { ok: false, error: 'wechaty: contact not found' } : down();
      if (text.trim()) sentId = (await contact.say(text))?.id;
      if (out.file) {
        const fileId = (await contact.say(FileBox.fromBuffer(out.file.data, out.file.name)))?.id;
        sentId ??= fileId;
      }
    }
    // Some puppets return no id: a local one still lets a quote of this message be matched (see quote.ts).
    const messageId = sentId ?? `wechaty-local-${randomUUID()}`;
    deps.recent.remember(out.chatId, messageId, text);
    return { ok: true, messageId };
  } catch (err) {
    const error = errorText(err, deps.secrets);
    deps.link.reportSendError(error);
    if (classifyError(error) === 'link' || !deps.link.up) return down(`wechaty: ${error}`);
    return { ok: false, error: `wechaty: ${error}` };
  }
}
