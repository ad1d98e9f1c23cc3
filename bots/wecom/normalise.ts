import type { InboundMessage } from '../../src/chat/types';
import { forAnotherBot } from '../shared/addressed';
import type { SeenIds } from '../shared/seen-ids';

export const PLATFORM = 'wecom';

/** The parts of an `aibot_msg_callback` / `aibot_event_callback` body this adapter reads (untrusted JSON). */
export type CallbackBody = {
  msgid?: string;
  chatid?: string;
  chattype?: string;
  from?: { userid?: string };
  create_time?: number;
  msgtype?: string;
  text?: { content?: string };
  voice?: { content?: string };
  mixed?: { msg_item?: { msgtype?: string; text?: { content?: string } }[] };
  event?: { eventtype?: string; event_key?: string; template_card_event?: { event_key?: string } };
};

export type Normalised = { ok: true; msg: InboundMessage; heard?: string } | { ok: false; reason: string };

export type NormaliseContext = {
  nowMs: number;
  seen: SeenIds;
  /** Names the bot goes by in groups ("@叶脉"); without one, a leading or trailing @-word is taken as the bot. */
  botNames: readonly string[];
};

const skip = (reason: string): Normalised => ({ ok: false, reason });
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** WeCom writes a mention as "@name" followed by a space or U+2005. */
const AT_WORD = '@[^\\s\\u2005@]+';

/**
 * In a group the bot only ever receives messages that @-mention it, and the mention is part of the text:
 * "@叶脉 /checkin 云南" → "/checkin 云南". With the bot's name known every "@name" goes; otherwise the
 * @-words at the very start and the one at the very end (where a mention of the bot sits).
 */
export function stripBotMention(text: string, botNames: readonly string[]): string {
  const names = botNames.filter(Boolean);
  if (names.length > 0) {
    const re = new RegExp(`@(?:${names.map(escapeRe).join('|')})(?=[\\s\\u2005]|$)[\\s\\u2005]*`, 'gu');
    return tidy(text.replace(re, ' '));
  }
  const leading = new RegExp(`^(?:\\s*${AT_WORD}[\\s\\u2005]*)+`, 'u');
  const trailing = new RegExp(`[\\s\\u2005]+${AT_WORD}\\s*$`, 'u');
  return tidy(text.replace(leading, '').replace(trailing, ''));
}

const tidy = (s: string) =>
  s
    .replace(/\u2005/g, ' ')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();

/** What the person wrote: text, the transcript of a voice message, or the text parts of a mixed message. */
export function textOf(body: CallbackBody): { text: string; voice: boolean } | null {
  switch (body.msgtype) {
    case 'text':
      return { text: body.text?.content ?? '', voice: false };
    case 'voice':
      return { text: body.voice?.content ?? '', voice: true };
    case 'mixed': {
      const parts = (body.mixed?.msg_item ?? []).filter((i) => i.msgtype === 'text').map((i) => i.text?.content ?? '');
      return { text: parts.join('\n'), voice: false };
    }
    default:
      return null;
  }
}

/** Who and where: a group's chatid, or for a 1:1 chat the person's userid (that is where replies go). */
function place(body: CallbackBody): { chatId: string; chatKind: 'group' | 'private'; senderId: string } | null {
  const senderId = body.from?.userid;
  if (!senderId) return null;
  const group = body.chattype === 'group';
  if (group && !body.chatid) return null;
  return { chatId: group ? (body.chatid as string) : senderId, chatKind: group ? 'group' : 'private', senderId };
}

/** A message callback as the core's plain message, or why it is not one for the core. */
export function normaliseMessage(body: CallbackBody, ctx: NormaliseContext): Normalised {
  const where = place(body);
  if (!body.msgid || !where) return skip('malformed');
  const content = textOf(body);
  if (!content) return skip('not text');
  if (!ctx.seen.add(body.msgid)) return skip('duplicate');
  // A quote (引用) arrives in `quote`, apart from the text: the person's own words are the message.
  const text = where.chatKind === 'group' ? stripBotMention(content.text, ctx.botNames) : tidy(content.text);
  if (!text) return skip('empty');
  if (forAnotherBot(text)) return skip('command for another bot');
  const msg: InboundMessage = {
    platform: PLATFORM,
    messageId: body.msgid,
    ...where,
    senderName: where.senderId,
    text,
    // In a group WeCom delivers only messages that @-mention the bot.
    mentionsBot: where.chatKind === 'group',
    at: body.create_time ? new Date(body.create_time * 1000) : new Date(ctx.nowMs),
  };
  return content.voice ? { ok: true, msg, heard: text } : { ok: true, msg };
}

/** The button key of a template-card click: the SDK's types put it at `event.event_key`, others one level down. */
export function cardKeyOf(body: CallbackBody): string | undefined {
  return body.event?.event_key ?? body.event?.template_card_event?.event_key;
}

/** A card button press: the command behind the button, said by the person who pressed it, in that chat. */
export function normaliseCardClick(body: CallbackBody, ctx: NormaliseContext): Normalised {
  const where = place(body);
  const key = cardKeyOf(body);
  if (!body.msgid || !where) return skip('malformed');
  if (!key?.startsWith('/')) return skip('not a command button');
  if (!ctx.seen.add(body.msgid)) return skip('duplicate');
  return {
    ok: true,
    msg: {
      platform: PLATFORM,
      messageId: body.msgid,
      ...where,
      senderName: where.senderId,
      text: key,
      mentionsBot: where.chatKind === 'group',
      at: body.create_time ? new Date(body.create_time * 1000) : new Date(ctx.nowMs),
    },
  };
}
