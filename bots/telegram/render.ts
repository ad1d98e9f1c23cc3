import { createHash } from 'node:crypto';
import type { InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity } from 'grammy/types';
import type { Action, Mention } from '../../src/chat/types';

/** Telegram's limits, counted in UTF-16 code units (as JavaScript strings are). */
export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
const MAX_CALLBACK_BYTES = 64;

export type Part = { text: string; entities: MessageEntity[] };

/**
 * Appends the people to remind as `text_mention` entities: they are notified even without a username.
 * Offsets are UTF-16 code units, which is what JavaScript string lengths count (汉字 1, emoji 2).
 */
export function withMentions(text: string, mentions: readonly Mention[] = []): Part {
  const entities: MessageEntity[] = [];
  const people = mentions.filter((m) => m.name.trim() !== '');
  if (people.length === 0) return { text, entities };
  let out = text.replace(/\s+$/, '');
  if (out) out += '\n';
  people.forEach((m, i) => {
    if (i > 0) out += ' ';
    const label = `@${m.name.trim()}`;
    const id = Number(m.externalId);
    if (Number.isSafeInteger(id) && id > 0) {
      entities.push({ type: 'text_mention', offset: out.length, length: label.length, user: { id, is_bot: false, first_name: m.name } });
    }
    out += label;
  });
  return { text: out, entities };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * Splits on line boundaries into parts of at most `max` units (a longer line at a space, or anywhere but
 * inside a surrogate pair). The newline between two parts is dropped, so no part starts with white space
 * Telegram would trim (and shift the entities by). Entities are cut to their part.
 */
export function splitText(part: Part, max = MAX_TEXT): Part[] {
  const { text } = part;
  const out: Part[] = [];
  let start = 0;
  while (start < text.length) {
    while (start < text.length && text[start] === '\n') start++;
    if (start >= text.length) break;
    let end = Math.min(start + max, text.length);
    let next = end;
    if (end < text.length) {
      const newline = text.lastIndexOf('\n', end);
      const space = text.lastIndexOf(' ', end - 1);
      if (newline > start) {
        end = newline;
        next = newline + 1;
      } else if (space > start + max / 2) {
        end = space;
        next = space + 1;
      } else if (isHighSurrogate(text.charCodeAt(end - 1))) {
        end -= 1;
        next = end;
      }
    }
    out.push(slicePart(part, start, end));
    start = next;
  }
  return out.filter((p) => p.text.trim() !== '');
}

function slicePart(part: Part, start: number, end: number): Part {
  const entities: MessageEntity[] = [];
  for (const e of part.entities) {
    const from = Math.max(e.offset, start);
    const to = Math.min(e.offset + e.length, end);
    if (to > from) entities.push({ ...e, offset: from - start, length: to - from });
  }
  return { text: part.text.slice(start, end), entities };
}

/**
 * callback_data holds at most 64 bytes. A command that fits travels verbatim (so a button still works after
 * a restart); a longer one becomes a short token remembered in memory ('#…'; commands start with '/').
 */
export class CallbackCodec {
  private readonly tokens = new Map<string, string>();

  constructor(private readonly capacity = 5000) {}

  encode(command: string): string {
    if (Buffer.byteLength(command, 'utf8') <= MAX_CALLBACK_BYTES && !command.startsWith('#')) return command;
    const token = `#${createHash('sha256').update(command).digest('base64url').slice(0, 16)}`;
    this.tokens.delete(token);
    this.tokens.set(token, command);
    if (this.tokens.size > this.capacity) this.tokens.delete(this.tokens.keys().next().value as string);
    return token;
  }

  /** The command behind a button, or undefined for a token this process no longer knows. */
  decode(data: string): string | undefined {
    return data.startsWith('#') ? this.tokens.get(data) : data;
  }
}

/** One-tap answers as an inline keyboard, two buttons to a row. */
export function keyboard(actions: readonly Action[] | undefined, codec: CallbackCodec): InlineKeyboardMarkup | undefined {
  if (!actions?.length) return undefined;
  const rows: InlineKeyboardButton[][] = [];
  actions.forEach((a, i) => {
    const button: InlineKeyboardButton = { text: a.label, callback_data: codec.encode(a.command) };
    if (i % 2 === 0) rows.push([button]);
    else rows[rows.length - 1]?.push(button);
  });
  return { inline_keyboard: rows };
}
