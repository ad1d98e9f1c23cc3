/**
 * WeChat quote-replies ("引用") carry no reference to the quoted message: neither the puppet payload nor
 * the gRPC schema has a quote field. A quote arrives as text only:
 *
 *   「Alice：original text」
 *   - - - - - - - - - - - - - - -
 *   the reply
 *
 * So a reply to the bot is recognised by what it quotes: the quoted sender is the bot, and the quoted text
 * is matched against the bot's recent messages in that chat (kept here, in memory, and filled at start from the
 * outbox's delivered rows so a restart forgets nothing) to recover the message id the core knows (e.g. the day's
 * prompt, which check-ins remember when the outbox reports it delivered).
 */
import type { Action } from '../../src/chat/types';
import { withActionHint } from './wechaty.text';

export const QUOTE_SEPARATOR = '- - - - - - - - - - - - - - -';
const QUOTE = /^「([\s\S]*?)[：:]([\s\S]*)」[ \t]*\n[ \t]*-(?: -){5,}[ \t]*(?:\n([\s\S]*))?$/;

export type Quote = { senderName: string; quoted: string; reply: string };

/** The three parts of a WeChat quote-reply, or null for ordinary text. */
export function parseQuote(text: string): Quote | null {
  const m = QUOTE.exec(text);
  if (!m) return null;
  return { senderName: (m[1] ?? '').trim(), quoted: m[2] ?? '', reply: (m[3] ?? '').trim() };
}

/** "@刘川\u2005@王组长 text" → "text": what Wechaty puts in front of a message that mentions people. */
export function stripLeadingMentions(text: string): string {
  return text.replace(/^(?:\s*@[^\s\u2005@]+[\u2005 ]?)+/u, '');
}

const norm = (s: string) => stripLeadingMentions(s).replace(/\s+/g, ' ').trim();

type Sent = { id: string; text: string };

/** A message sent before this process started, as the outbox recorded it (the text before rendering). */
export type SentBefore = { chatId: string; messageId: string; text: string; actions?: readonly Action[] };

/** The bot's last messages per chat, newest last; bounded in chats and in messages per chat. */
export class RecentSent {
  private readonly byChat = new Map<string, Sent[]>();

  constructor(
    private readonly perChat = 50,
    private readonly chats = 1000,
  ) {}

  /** Filled with what was sent before a restart, rendered as it was sent (buttons become a line of commands). */
  static from(before: readonly SentBefore[]): RecentSent {
    const recent = new RecentSent();
    for (const s of before) recent.remember(s.chatId, s.messageId, withActionHint(s.text, s.actions));
    return recent;
  }

  remember(chatId: string, id: string, text: string): void {
    const list = this.byChat.get(chatId) ?? [];
    this.byChat.delete(chatId); // re-insert: the Map's order is the eviction order
    list.push({ id, text });
    if (list.length > this.perChat) list.shift();
    this.byChat.set(chatId, list);
    if (this.byChat.size > this.chats) this.byChat.delete(this.byChat.keys().next().value as string);
  }

  /**
   * The id of the newest message in the chat whose text is the quoted text. WeChat may shorten a long quote
   * (ending in "…"), so a quote of 8 or more characters also matches the start of a message.
   */
  find(chatId: string, quoted: string): string | undefined {
    const q = norm(quoted).replace(/(?:\.\.\.|…)$/, '');
    if (!q) return undefined;
    const list = this.byChat.get(chatId) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const s = list[i] as Sent;
      const t = norm(s.text);
      if (t === q || (q.length >= 8 && t.startsWith(q))) return s.id;
    }
    return undefined;
  }
}
