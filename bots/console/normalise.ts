import type { ChatKind, InboundMessage } from '../../src/chat/types';
import type { Lang } from '../../src/i18n';
import { forAnotherBot } from '../shared/addressed';

export const PLATFORM = 'console';

/** Who types, in which language the console's own words are shown. */
export type ConsoleSpeaker = { id: string; lang: Lang };
export type ConsolePlace = { id: string; kind: ChatKind; title: string };

/** What the bot is called when someone @-mentions it at the start of a line. */
const MENTION = /^[\s\u3000]*@(?:叶脉|yemai)(?:[\s\u3000\u2005]+|$)/iu;
/** The console bot's username, for `/cmd@yemai`. */
const USERNAMES = ['yemai'];

export type TypedLine = { id: string; text: string; speaker: ConsoleSpeaker; place: ConsolePlace; at: Date; replyTo?: string };

/** A typed line as the core's plain message: a leading "@叶脉" is taken off; `/cmd@otherbot` is not ours (null), `/cmd@yemai` is. */
export function normaliseLine(line: TypedLine): InboundMessage | null {
  const mentioned = MENTION.test(line.text);
  const text = mentioned ? line.text.replace(MENTION, '').trim() : line.text;
  if (!text || forAnotherBot(text, USERNAMES)) return null;
  return {
    platform: PLATFORM,
    messageId: line.id,
    chatId: line.place.id,
    chatKind: line.place.kind,
    chatTitle: line.place.kind === 'group' ? line.place.title : undefined,
    senderId: line.speaker.id,
    senderName: line.speaker.id,
    text,
    mentionsBot: mentioned,
    replyToMessageId: line.replyTo,
    at: line.at,
  };
}
