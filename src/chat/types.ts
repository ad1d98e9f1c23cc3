/** The whole contract between the core and a chat platform. Nothing platform-specific crosses it. */

export type ChatKind = 'group' | 'private';

export type InboundMessage = {
  platform: string;
  /** The platform's id for this message; a redelivery carries the same id and changes nothing. */
  messageId: string;
  /** Stable chat id (never a display name). A private chat's id equals the account id of the person in it. */
  chatId: string;
  chatKind: ChatKind;
  chatTitle?: string;
  senderId: string;
  senderName: string;
  /** Text with any @-mention of the bot already removed. */
  text: string;
  /** The message @-mentions the bot. */
  mentionsBot: boolean;
  /** Platform id of the bot's message this one replies to or quotes. */
  replyToMessageId?: string;
  /** The bot's own username, so `/cmd@otherbot` can be told apart from `/cmd@thisbot`. */
  botUsername?: string;
  at: Date;
  /** Not a message but a membership change: the bot was added (back) to this chat. Text is empty. */
  event?: 'bot-added';
};

export type Mention = { externalId: string; name: string };

/** A one-tap answer; pressing it comes back as an inbound message whose text is `command`. */
export type Action = { label: string; command: string };

export type OutboundFile = { name: string; mime: string; data: Buffer };

export type Outbound = {
  platform: string;
  chatId: string;
  text: string;
  mentions?: Mention[];
  actions?: Action[];
  file?: OutboundFile;
};

export type SendResult =
  | { ok: true; messageId?: string }
  | {
      ok: false;
      error: string;
      /** The platform asked us to wait this long before trying this chat again. */
      retryAfterMs?: number;
      /**
       * Whom the wait applies to: this chat (default), every chat on the platform (a global flood answer), or only
       * this process (its own link is down, it is a standby, it is stopping): other instances may send meanwhile.
       */
      retryScope?: 'chat' | 'platform' | 'instance';
      /** The platform could not be reached at all (network down, DNS, refused): nothing is wrong with the message. */
      unreachable?: boolean;
      /** The bot was removed from the chat or blocked: stop sending there. */
      chatGone?: boolean;
    };

/** How fast a platform lets us send; the outbox dispatcher paces by these. */
export type Pacing = {
  perChatIntervalMs: number;
  /** Telegram allows about 20 a minute in a group; private chats never come near it. */
  perChatPerMinute?: number;
  globalPerSecond: number;
  jitterMs?: number;
  /**
   * Sends the outbox keeps in flight at once, across different chats (one chat never has two). Default: enough
   * for the overall rate at a quarter-second round trip. A process killed mid-send may repeat each one in flight.
   */
  maxInFlight?: number;
};

/** A command as a platform's own command menu lists it; the composition root hands adapters the list. */
export type MenuCommand = { name: string; sub?: string; summary: { zh: string; en: string } };

export type InboundHandler = (msg: InboundMessage) => Promise<void>;

/**
 * How people address the bot in a group: 'reply' (it sees the group, so a reply to its message reaches it) or
 * 'mention' (it sees only messages that @-mention it, e.g. WeCom's official bot). Private chats take plain text.
 */
export type GroupAddressing = 'reply' | 'mention';

/** What an adapter says about its link, for the health check. */
export type AdapterHealth = { connected: boolean; state?: string; lastError?: string };

export interface ChatAdapter {
  readonly platform: string;
  readonly pacing: Pacing;
  /** Default 'reply'. */
  readonly groupAddressing?: GroupAddressing;
  /**
   * Connects and starts taking messages. It may be called again after it failed (the runtime retries it with
   * back-off); an error with `fatal: true` says retrying cannot help (a wrong token) and stops the process.
   */
  start(onMessage: InboundHandler): Promise<void>;
  send(out: Outbound): Promise<SendResult>;
  stop(): Promise<void>;
  /**
   * A link that opens a private chat with the bot and sends `/start CODE` (Telegram's t.me deep link),
   * so an invite is one tap; undefined where the platform has none (or before start).
   */
  inviteLink?(code: string): string | undefined;
  /** Whether the platform link is up now; adapters without one count as connected once started. */
  health?(): AdapterHealth;
}
