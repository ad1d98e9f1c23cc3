import type { SendResult } from '../../src/chat/types';
import { scrubSecrets } from '../../src/log';

/** WeCom error codes this adapter acts on (seen in the wild against the real server). */
export const ERRCODE = { invalidChatId: 93006, freqLimit: 45009 } as const;

/** How long to leave a chat alone after WeCom says "api freq out of limit". */
export const FREQ_LIMIT_WAIT_MS = 60_000;

/** The SDK rejects a refused send with the raw ack frame `{ headers, errcode, errmsg }`, not an Error. */
type AckFrame = { errcode: number; errmsg?: string };
const isAckFrame = (v: unknown): v is AckFrame => typeof v === 'object' && v !== null && typeof (v as AckFrame).errcode === 'number';

/** One line of text for anything the SDK throws, rejects with or emits; secrets removed. */
export function errorText(err: unknown, secrets: readonly (string | undefined)[]): string {
  let raw: string;
  if (isAckFrame(err)) raw = `errcode ${err.errcode}: ${err.errmsg ?? ''}`.trim();
  else if (err instanceof Error) raw = `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`;
  else if (typeof err === 'object' && err !== null) raw = JSON.stringify(err);
  else raw = String(err);
  return scrubSecrets(raw, secrets).split('\n')[0]?.slice(0, 500) ?? '';
}

/** The SDK's words for "the socket is not there (any more)": the message stays queued, nothing is counted. */
const LINK_DOWN = /not connected|connection closed|manually closed|Server disconnected|new connection|ECONNREFUSED|ECONNRESET|socket hang up/i;

/** What a failed send means for the outbox: wait for the link, wait for the rate limit, give up on the chat, or retry. */
export function sendFailure(err: unknown, secrets: readonly string[], linkDownRetryMs: number): SendResult {
  const error = `wecom: ${errorText(err, secrets)}`;
  if (isAckFrame(err)) {
    if (err.errcode === ERRCODE.invalidChatId) return { ok: false, error, chatGone: true };
    if (err.errcode === ERRCODE.freqLimit) return { ok: false, error, retryAfterMs: FREQ_LIMIT_WAIT_MS };
    return { ok: false, error };
  }
  if (err instanceof Error && LINK_DOWN.test(err.message)) return { ok: false, error, retryAfterMs: linkDownRetryMs, retryScope: 'instance' };
  return { ok: false, error };
}

/** The SDK reports a refused subscribe as `Authentication failed: <errmsg> (code: <errcode>)`. */
export function authFailureCode(err: unknown): number | null {
  const m = err instanceof Error ? /^Authentication failed:.*\(code: (-?\d+)\)/.exec(err.message) : null;
  return m ? Number(m[1]) : null;
}
