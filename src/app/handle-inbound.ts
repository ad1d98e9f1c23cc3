import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import { coreTexts } from '../commands/commands.text';
import { dispatch } from '../commands/dispatch';
import { parseCommand } from '../commands/parser';
import type { CommandRegistry } from '../commands/registry';
import type { OpenContext, Reply } from '../commands/types';
import type { PlainTextHandler } from '../feature/feature';
import { UserError } from '../commands/types';
import { asLang } from '../i18n';
import type { Lang } from '../i18n';
import { cleanText } from '../commands/hygiene';
import { textDigest } from '../log';
import { syncChat } from '../org/identity';
import { resolveInbound } from '../org/resolve-inbound';
import { DatabaseUnavailable, isDatabaseUnavailable } from './db-unavailable';
import { replyLang } from '../org/reply-lang';
import type { InboundMessage, Outbound } from '../chat/types';

export type InboundDeps = {
  db: Db;
  clock: () => Date;
  registry: CommandRegistry;
  plainText: PlainTextHandler[];
  log: Logger;
  inviteLinks?: (code: string) => string[];
};

/**
 * One message end to end: de-duplicate, resolve the person and chat, run the command (or a plain-text
 * handler) in one transaction, and return what to send back. Throws only DatabaseUnavailable (the database
 * cannot be reached: nothing was done and the caller keeps the message for later); any other failure is answered.
 */
export async function handleInbound(deps: InboundDeps, raw: InboundMessage): Promise<Outbound[]> {
  // One Unicode form and no invisible controls, for commands, names and free text alike.
  const msg = { ...raw, text: cleanText(raw.text) };
  const parsed = parseCommand(msg.text);
  if (parsed?.addressedTo && msg.botUsername && parsed.addressedTo.toLowerCase() !== msg.botUsername.toLowerCase()) {
    return [];
  }
  const now = deps.clock();
  deps.log.debug({ platform: msg.platform, messageId: msg.messageId, text: textDigest(msg.text) }, 'inbound message');
  let lang: Lang = 'zh';
  try {
    const replies = await deps.db.transaction(async (db) => {
      // De-duplication, account, member, roles, chat and groups: one statement.
      const seen = await resolveInbound(db, msg, now);
      if (!seen.fresh) return null;
      const chat = await syncChat(db, msg, seen.chat);
      // The bot was added back to a chat: syncChat has marked it active again; there is nothing to answer.
      if (msg.event === 'bot-added') return [];
      const { actor, groups } = seen;
      lang = await replyLang(db, actor, chat, groups);
      // The work runs in a savepoint: a refusal undoes it, yet the message stays handled, so a redelivery is not answered twice.
      try {
        return await db.transaction(async (work) => {
          const ctx: OpenContext = { db: work, now, chat, lang, inbound: msg, actor, groups, inviteLinks: deps.inviteLinks, log: deps.log };
          if (parsed) return dispatch(deps.registry, parsed, ctx);
          if (!actor) return [];
          for (const handler of deps.plainText) {
            const answer = await handler({ ...ctx, actor });
            if (answer) return answer;
          }
          return [];
        });
      } catch (err) {
        if (err instanceof UserError) return [{ text: err.reply, private: err.privately, receivedNote: err.privately }];
        throw err;
      }
    });
    return replies ? toOutbound(msg, replies, lang) : [];
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw new DatabaseUnavailable(err);
    deps.log.error({ err, platform: msg.platform, messageId: msg.messageId }, 'inbound message failed');
    return parsed ? toOutbound(msg, [{ text: coreTexts(asLang(lang)).internalError() }], lang) : [];
  }
}

/** Private replies asked for in a group go to the sender's private chat, with a short note in the group. */
export function toOutbound(msg: InboundMessage, replies: Reply[], lang: Lang): Outbound[] {
  const out: Outbound[] = [];
  let movedPrivate = false;
  let received = false;
  let asked = false;
  for (const reply of replies) {
    const privately = reply.private && msg.chatKind === 'group';
    movedPrivate ||= Boolean(privately);
    received ||= Boolean(privately && reply.receivedNote);
    asked ||= Boolean(privately && reply.askedNote);
    out.push({
      platform: msg.platform,
      chatId: privately ? msg.senderId : msg.chatId,
      text: reply.text,
      mentions: reply.mentions,
      actions: reply.actions,
      file: reply.file,
    });
  }
  const t = coreTexts(lang);
  // One note, however many replies went privately, saying what kind of thing is waiting there.
  const note = received ? t.receivedPrivately() : asked ? t.askedPrivately() : t.sentPrivately();
  if (movedPrivate) out.push({ platform: msg.platform, chatId: msg.chatId, text: note });
  return out;
}

/**
 * For the group note that details went privately: what to say instead when the private message could not be
 * delivered (in the note's language); undefined for any other reply.
 */
export function undeliverableNote(out: Outbound): string | undefined {
  for (const lang of ['zh', 'en'] as const) {
    const t = coreTexts(lang);
    if (out.text === t.sentPrivately() || out.text === t.askedPrivately()) return t.privateUndeliverable();
    if (out.text === t.receivedPrivately()) return t.receivedPrivateUndeliverable();
  }
  return undefined;
}
