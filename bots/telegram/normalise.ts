import type { CallbackQuery, ChatMemberUpdated, Message, MessageEntity, Update, User, UserFromGetMe } from 'grammy/types';
import type { InboundMessage } from '../../src/chat/types';
import { forAnotherBot } from '../shared/addressed';
import type { SeenIds } from '../shared/seen-ids';

export const PLATFORM = 'telegram';

export type NormaliseOptions = {
  me: UserFromGetMe;
  /** Wall-clock milliseconds, for the staleness check. */
  nowMs: number;
  /** Messages older than this are dropped (e.g. a backlog after a long outage). */
  staleAfterMs: number;
};

export type Normalised = { ok: true; msg: InboundMessage } | { ok: false; reason: string };

const skip = (reason: string): Normalised => ({ ok: false, reason });

export function displayName(user: User): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ') || user.username || String(user.id);
}

/**
 * A message or membership update as the core's plain message; one already handed on (a webhook retry, updates
 * fetched again after a restart) is dropped by its message id. Button presses are answered first, by the adapter.
 */
export function normaliseUpdate(update: Update, opts: NormaliseOptions & { seen: SeenIds }): Normalised | undefined {
  let result: Normalised | undefined;
  if (update.message) result = normaliseMessage(update.message, opts);
  else if (update.my_chat_member) result = normaliseMembership(update.my_chat_member, opts);
  return result && onlyOnce(result, opts.seen);
}

/** Passes a message the first time its id is seen. */
export const onlyOnce = (result: Normalised, seen: SeenIds): Normalised =>
  result.ok && !seen.add(result.msg.messageId) ? skip('duplicate') : result;

/** A chat message as the core's plain message, or why it is not one of ours. */
export function normaliseMessage(message: Message, opts: NormaliseOptions): Normalised {
  const from = message.from;
  if (!from) return skip('no sender');
  if (message.new_chat_members?.some((u) => u.id === opts.me.id))
    return botAdded(message.chat, from, message.date, `${message.chat.id}:${message.message_id}`, opts);
  if (from.is_bot) return skip('sent by a bot');
  if (message.chat.type === 'channel') return skip('channel post');
  const raw = message.text ?? message.caption;
  if (raw === undefined) return skip('no text');
  if (opts.nowMs - message.date * 1000 > opts.staleAfterMs) return skip('stale');
  const entities = message.entities ?? message.caption_entities ?? [];
  const me = opts.me.username.toLowerCase();
  const group = message.chat.type !== 'private';

  const command = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (command) {
    const word = raw.slice(0, command.length);
    const at = word.indexOf('@');
    if (at !== -1 && word.slice(at + 1).toLowerCase() !== me) return skip('command for another bot');
  } else if (group && /^\/[A-Za-z0-9_]/.test(raw)) {
    // Telegram marks real commands; "/usr/bin" or "/checkin云南" in a group is chatter, not for us.
    return skip('slash text without a bot_command entity');
  }

  const mentionsOfMe = entities.filter((e) => isMentionOf(e, raw, me, opts.me.id));
  const text = mentionsOfMe.length ? removeRanges(raw, mentionsOfMe) : raw;
  // "@thisbot /cmd@otherbot": the mention came first, the command is still someone else's.
  if (forAnotherBot(text, [me])) return skip('command for another bot');
  const reply = message.reply_to_message;
  const msg: InboundMessage = {
    platform: PLATFORM,
    // Message ids count per chat, so the chat makes them unique; a redelivery carries the same pair.
    messageId: `${message.chat.id}:${message.message_id}`,
    chatId: String(message.chat.id),
    chatKind: group ? 'group' : 'private',
    senderId: String(from.id),
    senderName: displayName(from),
    text,
    mentionsBot: mentionsOfMe.length > 0,
    botUsername: opts.me.username,
    at: new Date(message.date * 1000),
  };
  if (group && 'title' in message.chat) msg.chatTitle = message.chat.title;
  if (reply?.from?.id === opts.me.id) msg.replyToMessageId = String(reply.message_id);
  return { ok: true, msg };
}

/** A pressed inline button: the command it stands for, said by the presser in the button's chat. */
export function normaliseCallback(query: CallbackQuery, command: string, opts: Pick<NormaliseOptions, 'me' | 'nowMs'>): Normalised {
  const message = query.message;
  if (!message) return skip('button on an inline message');
  if (query.from.is_bot) return skip('pressed by a bot');
  const chat = message.chat;
  if (chat.type === 'channel') return skip('channel post');
  const group = chat.type !== 'private';
  const msg: InboundMessage = {
    platform: PLATFORM,
    messageId: `cb:${query.id}`,
    chatId: String(chat.id),
    chatKind: group ? 'group' : 'private',
    senderId: String(query.from.id),
    senderName: displayName(query.from),
    text: command,
    mentionsBot: false,
    botUsername: opts.me.username,
    at: new Date(opts.nowMs),
  };
  if (group && 'title' in chat && chat.title) msg.chatTitle = chat.title;
  return { ok: true, msg };
}

function isMentionOf(e: MessageEntity, text: string, me: string, myId: number): boolean {
  if (e.type === 'mention') return text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${me}`;
  // A malformed update may lack the user the Bot API promises; it is then nobody's mention.
  if (e.type === 'text_mention') return e.user?.id === myId;
  return false;
}

/** Cuts the entities' ranges (UTF-16 offsets, as JavaScript indexes strings) and tidies the spaces. */
function removeRanges(text: string, ranges: MessageEntity[]): string {
  let out = text;
  for (const e of [...ranges].sort((a, b) => b.offset - a.offset)) out = `${out.slice(0, e.offset)} ${out.slice(e.offset + e.length)}`;
  return out.replace(/[ \t\u3000]{2,}/g, ' ').trim();
}

/** The bot's own membership changed (my_chat_member): only being added (back) matters to the core. */
export function normaliseMembership(update: ChatMemberUpdated, opts: Pick<NormaliseOptions, 'me'>): Normalised {
  const was = update.old_chat_member.status;
  const now = update.new_chat_member.status;
  const added = (now === 'member' || now === 'administrator') && (was === 'left' || was === 'kicked');
  if (!added) return skip(`bot membership ${was} -> ${now}`);
  return botAdded(update.chat, update.from, update.date, `${update.chat.id}:member:${update.date}`, opts);
}

function botAdded(chat: Message['chat'], from: User, date: number, messageId: string, opts: Pick<NormaliseOptions, 'me'>): Normalised {
  if (chat.type === 'channel' || chat.type === 'private') return skip('membership outside a group');
  return {
    ok: true,
    msg: {
      platform: PLATFORM,
      messageId,
      chatId: String(chat.id),
      chatKind: 'group',
      chatTitle: chat.title,
      senderId: String(from.id),
      senderName: displayName(from),
      text: '',
      mentionsBot: false,
      botUsername: opts.me.username,
      at: new Date(date * 1000),
      event: 'bot-added',
    },
  };
}
