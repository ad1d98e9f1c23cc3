import { GrammyError, HttpError, InputFile } from 'grammy';
import type { Api } from 'grammy';
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import type { Logger } from 'pino';
import type { Outbound, OutboundFile, SendResult } from '../../src/chat/types';
import { scrubSecrets } from '../../src/log';
import type { RateGate } from './rate-gate';
import type { CallbackCodec, Part } from './render';
import { keyboard, MAX_CAPTION, splitText, withMentions } from './render';

export type SenderDeps = {
  api: Api;
  /** Every message passes it: Telegram's ~30/s overall, whatever sends (outbox or a direct reply). */
  gate: RateGate;
  codec: CallbackCodec;
  log: Logger;
  /** Pause between the parts of a long message, to stay near one message a second in that chat. */
  partGapMs: number;
  /** Strings never to repeat in an error (the token). */
  secrets: string[];
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const PHOTO_MIME = /^image\/(png|jpe?g|webp)$/i;

/** A chat id as Telegram takes it: numeric ids as numbers, `@channelname` as is. */
export const toChatId = (id: string): number | string => (/^-?\d+$/.test(id) ? Number(id) : id);

/**
 * One outbox message to Telegram. Never throws: the result says whether to retry (and when), or that the
 * chat is gone. The message id returned is the first part's (a reply to it is a reply to the message).
 */
export async function sendOutbound(deps: SenderDeps, out: Outbound): Promise<SendResult> {
  const chatId = toChatId(out.chatId);
  const body = withMentions(out.text, out.mentions);
  const markup = keyboard(out.actions, deps.codec);
  let first: Message;
  try {
    if (out.file) {
      first = await sendWithFile(deps, chatId, body, out.file, markup);
      return { ok: true, messageId: String(first.message_id) };
    }
    const parts = splitText(body);
    const [head, ...rest] = parts;
    if (!head) {
      deps.log.warn({ chat: out.chatId }, 'nothing to send: empty text');
      return { ok: true };
    }
    first = await sendPart(deps, chatId, head, rest.length === 0 ? markup : undefined);
    await sendRest(deps, chatId, rest, markup);
  } catch (err) {
    return sendError(err, deps.secrets);
  }
  return { ok: true, messageId: String(first.message_id) };
}

function sendPart(deps: SenderDeps, chatId: number | string, part: Part, markup?: InlineKeyboardMarkup): Promise<Message> {
  return deps.gate.run(() =>
    deps.api.sendMessage(chatId, part.text, {
      ...(part.entities.length ? { entities: part.entities } : {}),
      ...(markup ? { reply_markup: markup } : {}),
    }),
  );
}

/**
 * Later parts of a long message: once the first is out, a failure must not make the outbox send it all again,
 * so these honour retry_after here (a few times) and are otherwise logged and given up.
 */
async function sendRest(deps: SenderDeps, chatId: number | string, parts: Part[], markup?: InlineKeyboardMarkup): Promise<void> {
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    for (let attempt = 1; ; attempt++) {
      await sleep(deps.partGapMs);
      try {
        await sendPart(deps, chatId, part, last ? markup : undefined);
        break;
      } catch (err) {
        const result = sendError(err, deps.secrets);
        if (result.ok || result.chatGone || attempt >= 3) {
          deps.log.error({ chat: chatId, part: i + 2, error: result.ok ? '' : result.error }, 'part of a long message not delivered');
          return;
        }
        if (result.retryAfterMs) await sleep(result.retryAfterMs);
      }
    }
  }
}

/** xlsx and the like by sendDocument, images by sendPhoto; the text as caption when it fits, else before. */
async function sendWithFile(
  deps: SenderDeps,
  chatId: number | string,
  body: Part,
  file: OutboundFile,
  markup?: InlineKeyboardMarkup,
): Promise<Message> {
  let first: Message | undefined;
  let caption: Part | undefined = body.text.trim() ? body : undefined;
  if (caption && caption.text.length > MAX_CAPTION) {
    const parts = splitText(caption);
    const [head, ...rest] = parts;
    if (head) first = await sendPart(deps, chatId, head);
    await sendRest(deps, chatId, rest);
    caption = undefined;
    await sleep(deps.partGapMs);
  }
  const input = new InputFile(file.data, file.name);
  const extra = {
    ...(caption ? { caption: caption.text } : {}),
    ...(caption?.entities.length ? { caption_entities: caption.entities } : {}),
    ...(markup ? { reply_markup: markup } : {}),
  };
  const sent = await deps.gate.run<Message>(() =>
    PHOTO_MIME.test(file.mime) ? deps.api.sendPhoto(chatId, input, extra) : deps.api.sendDocument(chatId, input, extra),
  );
  return first ?? sent;
}

/** Telegram's answer as the outbox understands it: wait (429), give up on the chat (403, gone), or retry. */
export function sendError(err: unknown, secrets: string[] = []): SendResult {
  if (err instanceof GrammyError) {
    const error = `${err.error_code} ${err.description}`;
    if (err.error_code === 429) return { ok: false, error, retryAfterMs: Math.max(1, err.parameters.retry_after ?? 1) * 1000 };
    // Kicked from the group, blocked by the user, user deactivated, bot not a member.
    if (err.error_code === 403) return { ok: false, error, chatGone: true };
    const migrated = err.parameters.migrate_to_chat_id;
    if (err.error_code === 400 && migrated !== undefined) {
      return { ok: false, error: `${error}; the group is now supergroup ${migrated}: /bind it again there`, chatGone: true };
    }
    if (err.error_code === 400 && /chat not found/i.test(err.description)) return { ok: false, error, chatGone: true };
    return { ok: false, error };
  }
  if (err instanceof HttpError) return { ok: false, error: `network: ${scrubSecrets(err.message, secrets)}`, unreachable: true };
  return { ok: false, error: scrubSecrets(err instanceof Error ? err.message : String(err), secrets) };
}
