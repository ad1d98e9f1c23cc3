import type { InboundMessage } from '../../src/chat/types';
import { forAnotherBot } from '../shared/addressed';
import type { SeenIds } from '../shared/seen-ids';
import { parseQuote } from './quote';
import type { RecentSent } from './quote';

export const PLATFORM = 'wechaty';

/** The plain facts the adapter reads off a Wechaty `Message` (so this file needs no Wechaty object). */
export type MessageView = {
  id: string;
  /** Sent by the bot's own account (its echo, or the phone of the same account). */
  self: boolean;
  isText: boolean;
  text: string;
  date: Date;
  talkerId: string;
  talkerName: string;
  room?: { id: string; topic?: string };
  /** The puppet's mention list contains the bot. */
  mentionSelf: boolean;
  /** What the bot is called in this chat (its name, its alias in the room), for "@name" and quotes. */
  botNames: string[];
};

export type NormaliseContext = {
  nowMs: number;
  staleAfterMs: number;
  seen: SeenIds;
  recent: RecentSent;
};

export type Normalised = { ok: true; msg: InboundMessage } | { ok: false; reason: string };

const skip = (reason: string): Normalised => ({ ok: false, reason });
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "@叶脉\u2005/checkin" → "/checkin"; every "@<bot name>" followed by U+2005, a space or the end. */
export function stripBotMentions(text: string, botNames: string[]): { text: string; found: boolean } {
  let out = text;
  let found = false;
  for (const name of botNames.filter(Boolean)) {
    const re = new RegExp(`@${escapeRe(name)}(?:\\u2005|[ \\u3000]|$)`, 'gu');
    out = out.replace(re, () => {
      found = true;
      return '';
    });
  }
  return { text: out.trim(), found };
}

/** A WeChat room or 1:1 text as the core's plain message, or why it is not one for the core. */
export function normaliseMessage(m: MessageView, ctx: NormaliseContext): Normalised {
  if (m.self) return skip('own message');
  if (!m.isText) return skip('not text');
  if (ctx.nowMs - m.date.getTime() > ctx.staleAfterMs) return skip('stale');
  if (!ctx.seen.add(m.id)) return skip('duplicate');

  const chatId = m.room?.id ?? m.talkerId;
  const quote = parseQuote(m.text);
  const body = quote ? quote.reply : m.text;
  const stripped = stripBotMentions(body, m.botNames);
  // Over gRPC the mention list is authoritative; a leading "@<bot name>" also counts for puppets that leave it empty.
  const leadingMention = stripped.found && new RegExp(`^\\s*@(?:${m.botNames.filter(Boolean).map(escapeRe).join('|')})`, 'u').test(body);
  const text = m.mentionSelf || leadingMention ? stripped.text : body.trim();
  if (!text) return skip('empty');
  if (forAnotherBot(text)) return skip('command for another bot');

  let replyToMessageId: string | undefined;
  let quotesBot = false;
  if (quote && m.room) {
    replyToMessageId = ctx.recent.find(chatId, quote.quoted);
    // After a restart the memory is empty: quoting any message of the bot still answers the bot.
    quotesBot = !replyToMessageId && m.botNames.includes(quote.senderName);
  }

  return {
    ok: true,
    msg: {
      platform: PLATFORM,
      messageId: m.id,
      chatId,
      chatKind: m.room ? 'group' : 'private',
      chatTitle: m.room?.topic,
      senderId: m.talkerId,
      senderName: m.talkerName || m.talkerId,
      text,
      mentionsBot: m.mentionSelf || leadingMention || quotesBot,
      replyToMessageId,
      at: m.date,
    },
  };
}
