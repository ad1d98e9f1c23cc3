import { requestIdOf } from '../log';

const REPLY_KEY = /^reply:([^:]+):(.+):\d+$/;

/** The outbox key of a direct reply queued for later: the `index`th answer to this platform message. */
export const replyDedupKey = (platform: string, messageId: string, index: number): string => `reply:${platform}:${messageId}:${index}`;

/**
 * The request id a send's log lines carry. A reply queued for later (held by a retry-after, or its first send
 * failed) names its inbound message in its key (`reply:<platform>:<message id>:<n>`), so it carries that
 * message's own request id and its path reads on from where it came in. Any other row is known by its outbox id.
 */
export function sendRequestId(row: { id: number; dedupKey: string }): string {
  const reply = REPLY_KEY.exec(row.dedupKey);
  return reply ? requestIdOf(reply[1] as string, reply[2] as string) : `outbox:${row.id}`;
}
