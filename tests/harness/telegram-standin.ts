/**
 * A local stand-in for the Telegram Bot API, for end-to-end tests that drive a real grammY `Bot`.
 *
 * Point grammY at it with `new Bot(standin.token, { client: { apiRoot: standin.apiRoot } })`.
 *
 * Where it is cheap, the stand-in copies Telegram's behaviour rather than being lenient, because a
 * test double that accepts what Telegram rejects gives false confidence. In particular:
 *  - group privacy mode is ON by default (getMe says can_read_all_group_messages: false), so plain
 *    group chatter and Chinese "/命令" texts are NOT delivered unless the bot is admin there;
 *  - parse_mode HTML / MarkdownV2 / Markdown text is parsed and malformed markup gets the same
 *    400 "can't parse entities" Telegram sends;
 *  - editMessageText without reply_markup drops the inline keyboard, and an edit that changes
 *    nothing gets 400 "message is not modified";
 *  - callback_data longer than 64 bytes gets 400 BUTTON_DATA_INVALID (a Chinese character is 3 bytes);
 *  - setMyCommands rejects names outside [a-z0-9_]{1,32}.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { BotCommand, Chat, Message, MessageEntity, Update, User, UserFromGetMe } from 'grammy/types';

// ───────────────────────────── public types ─────────────────────────────

export type ChatRef = number | { id: number };

export interface RateLimits {
  /** Sustained messages per second to one chat (Telegram: about 1). */
  perChatPerSecond: number;
  /** How many messages to one chat may go out back to back before the per-second rate applies. */
  perChatBurst: number;
  /** Messages per minute to one group or supergroup (Telegram: 20). */
  groupPerMinute: number;
  /** Messages per second across all chats (Telegram: about 30). */
  globalPerSecond: number;
}

export interface StandinOptions {
  /** The one token the stand-in accepts. Its numeric prefix becomes the bot's user id, as on Telegram. */
  token?: string;
  bot?: {
    first_name?: string;
    username?: string;
    can_join_groups?: boolean;
    can_read_all_group_messages?: boolean;
    supports_inline_queries?: boolean;
  };
  /** Filter group messages the way Telegram's privacy mode does. Default: !bot.can_read_all_group_messages. */
  privacyMode?: boolean;
  /** Telegram never shows a bot other bots' messages; default false delivers them anyway so guards can be tested. */
  dropMessagesFromBots?: boolean;
  /** Answer 429 when Telegram's documented send limits are exceeded. */
  enforceLimits?: boolean;
  limits?: Partial<RateLimits>;
  /** Added to every API call, e.g. 30 to simulate a real round trip. */
  latencyMs?: number;
  /** Pause before redelivering an update the webhook refused. Telegram backs off for seconds; tests need less. */
  webhookRetryMs?: number;
  webhookTimeoutMs?: number;
  /** Telegram's update ids start at an arbitrary number; tests must not assume 1. */
  firstUpdateId?: number;
  /** Clock for rate limits and message dates, so minute-long windows can be tested without waiting. */
  now?: () => number;
}

export interface ApiFault {
  error_code: number;
  description?: string;
  retry_after?: number;
  migrate_to_chat_id?: number;
}
/** `reset` destroys the socket (grammY sees an HttpError); `raw` sends any body, e.g. a 502 HTML page. */
export type Fault = ApiFault | { kind: 'reset' } | { kind: 'raw'; status: number; body: string; contentType?: string };

export interface SentFile {
  /** The API parameter carrying the file: 'document', 'photo'. */
  field: string;
  file_id: string;
  filename?: string;
  contentType?: string;
  size?: number;
  /** Bytes of an uploaded file, so tests can check e.g. an exported CSV. */
  data?: Buffer;
  /** A file_id or URL the bot sent instead of uploading. */
  ref?: string;
}

export interface SentRecord {
  method: string;
  chat_id: number;
  message_id: number;
  /** Exactly as the bot sent it (markup included when parse_mode is set). */
  text?: string;
  caption?: string;
  /** The text or caption users see: markup parsed away, surrounding white space trimmed. */
  renderedText?: string;
  /** Entities of the rendered text: the bot's own `entities`, or those parse_mode produced. */
  entities?: MessageEntity[];
  parse_mode?: string;
  reply_markup?: unknown;
  reply_to?: number;
  file?: SentFile;
  timestamp: number;
  /** The Message the stand-in answered with. */
  message: Message;
}

export interface UploadedPart {
  name: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface CallRecord {
  method: string;
  params: Record<string, unknown>;
  /** File parts of a multipart/form-data request. */
  files: UploadedPart[];
  /** Field names in the order the multipart body carried them, for checking how the client encodes. */
  multipartFields?: string[];
  at: number;
  /** 'webhook-reply': the call came back in the body of a webhook response. */
  via: 'http' | 'webhook-reply';
  status?: number;
  description?: string;
}

export interface WebhookDelivery {
  update_id: number;
  url: string;
  /** null when no HTTP response came back (connection refused, timeout). */
  status: number | null;
  error?: string;
  at: number;
}

export interface DroppedUpdate {
  update: Update;
  reason: string;
}

export interface CallbackAnswer {
  callback_query_id: string;
  text?: string;
  show_alert?: boolean;
  url?: string;
  at: number;
}

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

// ───────────────────────────── internals ─────────────────────────────

type Json = Record<string, unknown>;

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Json,
  ) {
    super(description);
  }
}

const badRequest = (what: string) => new ApiError(400, `Bad Request: ${what}`);

interface ChatState {
  chat: Chat;
  nextMessageId: number;
  messages: Map<number, Message>;
  botIsAdmin: boolean;
  botLeft: boolean;
  memberStatus: Map<number, MemberStatus>;
}

interface Queued {
  update: Update;
  /** Pushed with an update_id that was already issued, i.e. a redelivery. */
  replay: boolean;
  delivered: boolean;
}

interface PollWaiter {
  offset: number;
  limit: number;
  res: http.ServerResponse;
  call: CallRecord;
  timer?: NodeJS.Timeout;
}

interface Webhook {
  url: string;
  secret?: string;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  filename?: string;
  mime?: string;
  size?: number;
  data?: Buffer;
}

interface Listener {
  check: () => void;
  fail: (err: Error) => void;
}

/** Update types Telegram leaves out when allowed_updates is empty or never set. */
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** Parameters that multipart bodies carry as JSON strings. */
const JSON_PARAMS = new Set([
  'reply_markup',
  'entities',
  'caption_entities',
  'reply_parameters',
  'link_preview_options',
  'allowed_updates',
  'commands',
  'scope',
  'media',
]);

const DEFAULT_LIMITS: RateLimits = { perChatPerSecond: 1, perChatBurst: 3, groupPerMinute: 20, globalPerSecond: 30 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ───────────────────────────── the stand-in ─────────────────────────────

export class TelegramStandin {
  /** Every successful sendMessage / sendDocument / sendPhoto / editMessageText / editMessageReplyMarkup. */
  readonly sent: SentRecord[] = [];
  /** Every API call, whatever its outcome. */
  readonly calls: CallRecord[] = [];
  readonly callbackAnswers: CallbackAnswer[] = [];
  readonly webhookDeliveries: WebhookDelivery[] = [];
  /** Injected updates Telegram would not have delivered (privacy mode, allowed_updates, ...). */
  readonly droppedUpdates: DroppedUpdate[] = [];
  /** Chats whose sends answer 403 (the user blocked the bot / the bot was kicked). */
  readonly blockedChats = new Set<number>();
  tooManyRequestsCount = 0;

  private readonly server: http.Server;
  private readonly botToken: string;
  private readonly me: UserFromGetMe;
  private readonly privacyMode: boolean;
  private readonly dropBotSenders: boolean;
  private readonly enforceLimits: boolean;
  private readonly limits: RateLimits;
  private readonly latencyMs: number;
  private readonly webhookRetryMs: number;
  private readonly webhookTimeoutMs: number;
  private readonly now: () => number;

  private port = 0;
  private stopped = false;
  private readonly users = new Map<number, User>();
  private readonly chats = new Map<number, ChatState>();
  private nextUserId = 7_000_000_001;
  private nextSupergroupSeq = 1_000_000_001;
  private nextGroupSeq = 4_000_000_001;

  private queue: Queued[] = [];
  private lastUpdateId: number;
  private allowedUpdates: string[] = [];
  private waiter: PollWaiter | undefined;
  private flushScheduled: NodeJS.Immediate | undefined;

  private webhook: Webhook | undefined;
  private webhookBusy = false;
  private webhookWake: (() => void) | undefined;
  private webhookRequest: http.ClientRequest | undefined;

  private readonly commands = new Map<string, BotCommand[]>();
  private readonly callbackQueries = new Map<string, { answered: boolean }>();
  private nextCallbackSeq = 1;
  private readonly files = new Map<string, StoredFile>();
  private nextFileSeq = 1;
  private faults: { method: string; fault: Fault; remaining: number; chatId?: number }[] = [];

  private readonly buckets = new Map<number, { tokens: number; at: number }>();
  private readonly groupSends = new Map<number, number[]>();
  private globalSends: number[] = [];
  private readonly floodUntil = new Map<number, number>();
  private globalFloodUntil = 0;

  private readonly listeners = new Set<Listener>();
  private readonly openResponses = new Set<http.ServerResponse>();

  private constructor(opts: StandinOptions) {
    this.botToken = opts.token ?? '123456:TEST';
    const botId = Number(this.botToken.split(':')[0]);
    this.me = {
      id: Number.isSafeInteger(botId) && botId > 0 ? botId : 123456,
      is_bot: true,
      first_name: opts.bot?.first_name ?? 'Yemai Test',
      username: opts.bot?.username ?? 'yemai_test_bot',
      can_join_groups: opts.bot?.can_join_groups ?? true,
      can_read_all_group_messages: opts.bot?.can_read_all_group_messages ?? false,
      supports_inline_queries: opts.bot?.supports_inline_queries ?? false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.privacyMode = opts.privacyMode ?? !this.me.can_read_all_group_messages;
    this.dropBotSenders = opts.dropMessagesFromBots ?? false;
    this.enforceLimits = opts.enforceLimits ?? false;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.latencyMs = opts.latencyMs ?? 0;
    this.webhookRetryMs = opts.webhookRetryMs ?? 100;
    this.webhookTimeoutMs = opts.webhookTimeoutMs ?? 10_000;
    this.lastUpdateId = (opts.firstUpdateId ?? 700_000_001) - 1;
    this.now = opts.now ?? Date.now;
    this.server = http.createServer((req, res) => {
      this.onRequest(req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          writeJson(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
        }
      });
    });
  }

  static async start(opts: StandinOptions = {}): Promise<TelegramStandin> {
    const standin = new TelegramStandin(opts);
    await new Promise<void>((resolve, reject) => {
      standin.server.once('error', reject);
      standin.server.listen(0, '127.0.0.1', () => resolve());
    });
    standin.port = (standin.server.address() as AddressInfo).port;
    return standin;
  }

  /** Stop the grammY bot first: a bot still polling would retry against a closed port. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.waiter) this.finishWaiter(this.waiter, 200, { ok: true, result: [] });
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.webhookWake?.();
    this.webhookRequest?.destroy();
    for (const listener of [...this.listeners]) listener.fail(new Error('TelegramStandin stopped'));
    // Requests still in flight (in the latency delay, say) get their answer before sockets go;
    // polls arriving now are answered [] at once, so this is short.
    const open = [...this.openResponses].map((res) => new Promise<void>((resolve) => res.once('close', () => resolve())));
    await Promise.race([Promise.all(open), sleep(1000)]);
    // grammY keeps connections alive, so close() alone would wait for them to idle out.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get token(): string {
    return this.botToken;
  }

  get botInfo(): UserFromGetMe {
    return { ...this.me };
  }

  /** Updates not yet confirmed by the bot (long polling) or accepted by its webhook. */
  get pendingUpdates(): Update[] {
    return this.queue.map((q) => q.update);
  }

  /** Forget recorded traffic (not users, chats or messages) between tests sharing one stand-in. */
  clearRecords(): void {
    this.sent.length = 0;
    this.calls.length = 0;
    this.callbackAnswers.length = 0;
    this.webhookDeliveries.length = 0;
    this.droppedUpdates.length = 0;
    this.tooManyRequestsCount = 0;
  }

  // ─────────── test-side: people and chats ───────────

  createUser(opts: { first_name?: string; last_name?: string; username?: string; is_bot?: boolean; language_code?: string } = {}): User {
    const id = this.nextUserId++;
    const user: User = { id, is_bot: opts.is_bot ?? false, first_name: opts.first_name ?? `User${id % 10_000}` };
    if (opts.last_name !== undefined) user.last_name = opts.last_name;
    if (opts.username !== undefined) user.username = opts.username;
    if (opts.language_code !== undefined) user.language_code = opts.language_code;
    this.users.set(id, user);
    return user;
  }

  /** A private chat's id is the user's id, as on Telegram. */
  privateChat(user: User): Chat.PrivateChat {
    const existing = this.chats.get(user.id);
    if (existing) return existing.chat as Chat.PrivateChat;
    const chat: Chat.PrivateChat = { id: user.id, type: 'private', first_name: user.first_name };
    if (user.last_name !== undefined) chat.last_name = user.last_name;
    if (user.username !== undefined) chat.username = user.username;
    this.users.set(user.id, user);
    this.addChat(chat, false);
    return chat;
  }

  /** Supergroup ids look like Telegram's: -100 followed by ten digits. */
  createSupergroup(opts: { title?: string; username?: string; botIsAdmin?: boolean } = {}): Chat.SupergroupChat {
    const id = -(1_000_000_000_000 + this.nextSupergroupSeq++);
    const chat: Chat.SupergroupChat = { id, type: 'supergroup', title: opts.title ?? `Supergroup ${-id}` };
    if (opts.username !== undefined) chat.username = opts.username;
    this.addChat(chat, opts.botIsAdmin ?? false);
    return chat;
  }

  /** A basic (non-super) group; these have short negative ids. */
  createGroup(opts: { title?: string; botIsAdmin?: boolean } = {}): Chat.GroupChat {
    const id = -this.nextGroupSeq++;
    const chat: Chat.GroupChat = { id, type: 'group', title: opts.title ?? `Group ${-id}` };
    this.addChat(chat, opts.botIsAdmin ?? false);
    return chat;
  }

  /** Override what getChatMember answers for one user (the bot included). */
  setChatMemberStatus(chat: ChatRef, userId: number, status: MemberStatus): void {
    this.stateOf(chat).memberStatus.set(userId, status);
  }

  /** Sends to this chat now answer 403, as when a user blocks the bot or a group kicks it. */
  chatBlocked(chat: ChatRef): void {
    this.blockedChats.add(chatIdOf(chat));
  }

  unblockChat(chat: ChatRef): void {
    this.blockedChats.delete(chatIdOf(chat));
  }

  /** All messages in a chat, the users' and the bot's, oldest first. */
  messagesIn(chat: ChatRef): Message[] {
    return [...this.stateOf(chat).messages.values()];
  }

  /** What setMyCommands stored for exactly this scope and language; undefined if never set. */
  commandsFor(scope: Json = { type: 'default' }, languageCode = ''): BotCommand[] | undefined {
    return this.commands.get(commandKey(scope, languageCode));
  }

  // ─────────── test-side: making traffic ───────────

  /** A user sends a text message; entities are computed the way Telegram's servers do. */
  sendText(from: User, chat: ChatRef, text: string, opts: { replyToMessageId?: number; entities?: MessageEntity[] } = {}): Update {
    const state = this.senderState(from, chat);
    const message: Json = { ...this.newMessageBase(state, from), text };
    const entities = opts.entities ?? telegramEntities(text);
    if (entities.length > 0) message.entities = entities;
    if (opts.replyToMessageId !== undefined) message.reply_to_message = this.replyTarget(state, opts.replyToMessageId);
    return this.storeAndPush(state, message as unknown as Message);
  }

  /** A user uploads a file, e.g. a roster CSV; the bot can fetch it back with getFile. */
  sendFile(from: User, chat: ChatRef, file: { filename: string; data: Buffer | string; mimeType?: string; caption?: string }): Update {
    const state = this.senderState(from, chat);
    const data = typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data;
    const stored = this.storeFile('documents', { filename: file.filename, mime: file.mimeType ?? guessMime(file.filename), data });
    const message: Json = { ...this.newMessageBase(state, from), document: documentOf(stored) };
    if (file.caption !== undefined) {
      message.caption = file.caption;
      const entities = telegramEntities(file.caption);
      if (entities.length > 0) message.caption_entities = entities;
    }
    return this.storeAndPush(state, message as unknown as Message);
  }

  /**
   * A user taps an inline button. Throws if the message has no such button, because a test that
   * presses a button the bot never offered is testing nothing; pass `unchecked` for stale presses.
   */
  pressButton(from: User, chat: ChatRef, messageId: number, data: string, opts: { unchecked?: boolean } = {}): Update {
    const state = this.stateOf(chat);
    const message = state.messages.get(messageId);
    if (!message) throw new Error(`pressButton: no message ${messageId} in chat ${state.chat.id}`);
    if (!opts.unchecked) {
      const offered = callbackDataOf(message);
      if (!offered.includes(data)) {
        throw new Error(
          `pressButton: message ${messageId} offers no button with callback_data ${JSON.stringify(data)}; ` + `it has ${JSON.stringify(offered)}`,
        );
      }
    }
    const id = `${this.me.id}${String(this.nextCallbackSeq++).padStart(9, '0')}`;
    this.callbackQueries.set(id, { answered: false });
    const query = {
      id,
      from,
      message,
      chat_instance: String(Math.abs(state.chat.id * 7919 + 104_729)),
      data,
    };
    return this.pushUpdate({ callback_query: query } as unknown as Update);
  }

  /**
   * Queue a raw update. Without update_id the next one is assigned. An update_id that was already
   * issued marks a redelivery: it is delivered once even if the bot's offset has passed it.
   */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    let replay = false;
    let id = update.update_id;
    if (id === undefined) id = ++this.lastUpdateId;
    else if (id <= this.lastUpdateId) replay = true;
    else this.lastUpdateId = id;
    const full = { ...update, update_id: id } as Update;
    this.rememberMessage(full);

    const reason = this.dropReason(full);
    if (reason) {
      this.droppedUpdates.push({ update: full, reason });
      return full;
    }
    this.queue.push({ update: full, replay, delivered: false });
    this.scheduleFlush();
    void this.pumpWebhook();
    return full;
  }

  /**
   * Fail the next `count` calls of `method` ('*' for any) with `fault`, before anything else is
   * checked. With `chatId`, only calls aimed at that chat.
   */
  failNext(method: string, fault: Fault, opts: { count?: number; chatId?: number } = {}): void {
    this.faults.push({ method: method.toLowerCase(), fault, remaining: opts.count ?? 1, chatId: opts.chatId });
  }

  /** Drops every fault not yet used up (e.g. a 429 storm injected with a large count ends now). */
  clearFaults(): void {
    this.faults = [];
  }

  // ─────────── test-side: waiting ───────────

  /** Resolves with the first sent record (from index `since` on) matching `predicate`. */
  waitFor(predicate: (m: SentRecord) => boolean, timeoutMs = 2000, opts: { since?: number } = {}): Promise<SentRecord> {
    const since = opts.since ?? 0;
    return this.waitUntil(
      () => this.sent.slice(since).find(predicate),
      timeoutMs,
      () => `waitFor: no matching message was sent within ${timeoutMs} ms. ${this.describeSent(since)}`,
    );
  }

  /**
   * Resolves once every queued update was confirmed by the bot (long polling: its next getUpdates
   * offset passed it, i.e. the middleware finished; webhook: it answered 2xx). The way to assert
   * that the bot did NOT reply to something.
   */
  waitForConfirmed(timeoutMs = 2000): Promise<void> {
    return this.waitUntil(
      () => (this.queue.length === 0 ? true : undefined),
      timeoutMs,
      () =>
        `waitForConfirmed: ${this.queue.length} update(s) still unconfirmed after ${timeoutMs} ms ` +
        `(ids ${this.queue.map((q) => q.update.update_id).join(', ')}); ` +
        `${this.waiter ? 'a getUpdates request is waiting' : 'no getUpdates request is waiting'}, ` +
        `webhook ${this.webhook ? this.webhook.url : 'not set'}. ${this.describeSent(0)}`,
    ).then(() => undefined);
  }

  // ─────────── HTTP ───────────

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.openResponses.add(res);
    res.once('close', () => this.openResponses.delete(res));
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client went away mid-body
    }
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);

    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
    if (fileMatch) return this.serveFile(res, fileMatch[1] ?? '', fileMatch[2] ?? '');

    const match = /^\/bot([^/]*)\/([^/]*)$/.exec(path);
    if (!match) return writeJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== this.botToken) return writeJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2] ?? '';

    let parsed: ParsedBody;
    try {
      parsed = parseRequestBody(req.headers['content-type'], body, url.searchParams);
    } catch (err) {
      return writeJson(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${(err as Error).message}` });
    }
    const call: CallRecord = { method, params: parsed.params, files: parsed.files, at: this.now(), via: 'http' };
    if (parsed.fieldOrder) call.multipartFields = parsed.fieldOrder;
    this.calls.push(call);

    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (res.destroyed) return;

    const fault = this.takeFault(method, parsed.params);
    if (fault) return this.applyFault(res, call, fault);

    if (method.toLowerCase() === 'getupdates') {
      try {
        return this.getUpdates(parsed.params, res, call);
      } catch (err) {
        return this.respond(res, call, errorBody(err));
      }
    }
    this.respond(res, call, this.execute(method, parsed.params, parsed.files));
  }

  private respond(res: http.ServerResponse, call: CallRecord, outcome: Outcome): void {
    call.status = outcome.status;
    if (!outcome.body.ok) call.description = outcome.body.description as string;
    if (outcome.status === 429) this.tooManyRequestsCount++;
    if (!res.destroyed && !res.writableEnded) writeJson(res, outcome.status, outcome.body);
  }

  private takeFault(method: string, params: Json): Fault | undefined {
    const name = method.toLowerCase();
    const index = this.faults.findIndex(
      (f) => (f.method === '*' || f.method === name) && (f.chatId === undefined || toInt(params.chat_id) === f.chatId),
    );
    const entry = this.faults[index];
    if (!entry) return undefined;
    if (--entry.remaining <= 0) this.faults.splice(index, 1);
    return entry.fault;
  }

  private applyFault(res: http.ServerResponse, call: CallRecord, fault: Fault): void {
    if ('kind' in fault) {
      if (fault.kind === 'reset') {
        call.description = 'connection reset (injected)';
        res.socket?.destroy();
        return;
      }
      call.status = fault.status;
      res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'text/html' }).end(fault.body);
      return;
    }
    const parameters: Json = {};
    if (fault.retry_after !== undefined) parameters.retry_after = fault.retry_after;
    if (fault.migrate_to_chat_id !== undefined) parameters.migrate_to_chat_id = fault.migrate_to_chat_id;
    const body: Json = {
      ok: false,
      error_code: fault.error_code,
      description: fault.description ?? defaultDescription(fault),
    };
    if (Object.keys(parameters).length > 0) body.parameters = parameters;
    this.respond(res, call, { status: fault.error_code, body });
  }

  private serveFile(res: http.ServerResponse, token: string, filePath: string): void {
    if (token !== this.botToken) {
      writeJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      return;
    }
    const file = [...this.files.values()].find((f) => f.file_path === filePath);
    if (!file?.data) {
      writeJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    res.writeHead(200, { 'content-type': file.mime ?? 'application/octet-stream', 'content-length': file.data.length });
    res.end(file.data);
  }

  // ─────────── method dispatch ───────────

  private execute(method: string, params: Json, files: UploadedPart[]): Outcome {
    const handler = this.methods[method.toLowerCase()];
    if (!handler) return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found: method not found' } };
    try {
      return { status: 200, body: { ok: true, result: handler(params, files) } };
    } catch (err) {
      return errorBody(err);
    }
  }

  // Telegram matches method names case-insensitively, hence lower-case keys.
  private readonly methods: Record<string, (p: Json, files: UploadedPart[]) => unknown> = {
    getme: () => this.botInfo,
    deletewebhook: (p) => {
      this.webhook = undefined;
      if (toBool(p.drop_pending_updates)) this.dropPending();
      return true;
    },
    setwebhook: (p) => this.setWebhook(p),
    getwebhookinfo: () => this.webhookInfo(),
    sendmessage: (p) => this.sendMessage(p),
    senddocument: (p, files) => this.sendMedia('sendDocument', 'document', p, files),
    sendphoto: (p, files) => this.sendMedia('sendPhoto', 'photo', p, files),
    editmessagetext: (p) => this.editMessage('editMessageText', p),
    editmessagereplymarkup: (p) => this.editMessage('editMessageReplyMarkup', p),
    deletemessage: (p) => {
      const state = this.resolveChat(p.chat_id);
      if (!state.messages.delete(toInt(p.message_id) ?? NaN)) throw badRequest('message to delete not found');
      return true;
    },
    sendchataction: (p) => {
      this.checkReachable(this.resolveChat(p.chat_id));
      return true;
    },
    setmycommands: (p) => this.setMyCommands(p),
    getmycommands: (p) => this.commands.get(commandKey(asObject(p.scope), toStr(p.language_code) ?? '')) ?? [],
    deletemycommands: (p) => {
      this.commands.delete(commandKey(asObject(p.scope), toStr(p.language_code) ?? ''));
      return true;
    },
    answercallbackquery: (p) => this.answerCallbackQuery(p),
    getchat: (p) => this.getChat(p),
    getchatmember: (p) => this.getChatMember(p),
    leavechat: (p) => {
      const state = this.resolveChat(p.chat_id);
      if (state.chat.type === 'private') throw badRequest("chat member status can't be changed in private chats");
      if (state.botLeft) throw new ApiError(403, `Forbidden: bot is not a member of the ${groupWord(state)} chat`);
      state.botLeft = true;
      return true;
    },
    getfile: (p) => {
      const file = this.files.get(toStr(p.file_id) ?? '');
      if (!file) throw badRequest('invalid file_id');
      const result: Json = { file_id: file.file_id, file_unique_id: file.file_unique_id, file_path: file.file_path };
      if (file.size !== undefined) result.file_size = file.size;
      return result;
    },
  };

  // ─────────── long polling ───────────

  private getUpdates(params: Json, res: http.ServerResponse, call: CallRecord): void {
    if (this.webhook) {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = toInt(params.offset) ?? 0;
    const limit = Math.min(100, Math.max(1, toInt(params.limit) ?? 100));
    const timeout = Math.max(0, toInt(params.timeout) ?? 0);
    // Telegram keeps the last allowed_updates when a request omits it.
    if (params.allowed_updates !== undefined) this.allowedUpdates = toStringArray(params.allowed_updates);
    this.confirm(offset);

    // A second poller kicks the first out, which is how Telegram reports two running instances.
    if (this.waiter) {
      this.finishWaiter(this.waiter, 409, {
        ok: false,
        error_code: 409,
        description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      });
    }
    const batch = this.takeBatch(offset, limit);
    if (batch.length > 0 || timeout === 0 || this.stopped) {
      this.respond(res, call, { status: 200, body: { ok: true, result: batch } });
      return;
    }
    const waiter: PollWaiter = { offset, limit, res, call };
    waiter.timer = setTimeout(() => this.finishWaiter(waiter, 200, { ok: true, result: [] }), timeout * 1000);
    // grammY's bot.stop() aborts the pending poll; an update must not be handed to a dead socket.
    res.on('close', () => {
      if (this.waiter === waiter) {
        clearTimeout(waiter.timer);
        this.waiter = undefined;
      }
    });
    this.waiter = waiter;
  }

  private finishWaiter(waiter: PollWaiter, status: number, body: Json): void {
    clearTimeout(waiter.timer);
    if (this.waiter === waiter) this.waiter = undefined;
    this.respond(waiter.res, waiter.call, { status, body });
  }

  private takeBatch(offset: number, limit: number): Update[] {
    const batch = this.queue.filter((q) => q.update.update_id >= offset || (q.replay && !q.delivered)).slice(0, limit);
    for (const q of batch) q.delivered = true;
    return batch.map((q) => q.update);
  }

  /** An update counts as confirmed once getUpdates is called with a higher offset. */
  private confirm(offset: number): void {
    const before = this.queue.length;
    if (offset < 0) {
      // Negative offset: keep only the last |offset| updates, forgetting the rest.
      this.queue = this.queue.slice(offset);
    } else if (offset > 0) {
      this.queue = this.queue.filter((q) => q.update.update_id >= offset || (q.replay && !q.delivered));
    }
    if (this.queue.length !== before) this.notify();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.stopped) return;
    // Deferred so that updates injected in one synchronous burst arrive as one batch.
    this.flushScheduled = setImmediate(() => {
      this.flushScheduled = undefined;
      const waiter = this.waiter;
      if (!waiter) return;
      const batch = this.takeBatch(waiter.offset, waiter.limit);
      if (batch.length > 0) this.finishWaiter(waiter, 200, { ok: true, result: batch });
    });
  }

  private dropPending(): void {
    this.queue = [];
    this.notify();
  }

  // ─────────── webhooks ───────────

  private setWebhook(p: Json): true {
    const url = toStr(p.url) ?? '';
    if (url === '') {
      this.webhook = undefined;
      return true;
    }
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(url);
    } catch {
      throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
    }
    // Telegram demands https; tests run a plain http server, so both are accepted here.
    if (parsedUrl.protocol !== 'https:' && parsedUrl.protocol !== 'http:') {
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    }
    const secret = toStr(p.secret_token);
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
      throw badRequest('secret token contains unallowed characters');
    }
    if (p.allowed_updates !== undefined) this.allowedUpdates = toStringArray(p.allowed_updates);
    if (toBool(p.drop_pending_updates)) this.dropPending();
    this.webhook = { url, secret, maxConnections: toInt(p.max_connections) ?? 40 };
    if (this.waiter) {
      this.finishWaiter(this.waiter, 409, {
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    }
    this.webhookWake?.();
    void this.pumpWebhook();
    return true;
  }

  private webhookInfo(): Json {
    const info: Json = { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.queue.length };
    if (this.webhook) {
      info.max_connections = this.webhook.maxConnections;
      info.ip_address = '127.0.0.1';
      if (this.allowedUpdates.length > 0) info.allowed_updates = this.allowedUpdates;
      if (this.webhook.lastErrorDate !== undefined) {
        info.last_error_date = this.webhook.lastErrorDate;
        info.last_error_message = this.webhook.lastErrorMessage;
      }
    }
    return info;
  }

  /**
   * One update at a time, oldest first; a refused update stays at the head and is retried, so later
   * updates wait behind it. That keeps order deterministic; Telegram may use parallel connections.
   */
  private async pumpWebhook(): Promise<void> {
    if (this.webhookBusy) return;
    this.webhookBusy = true;
    try {
      while (!this.stopped && this.webhook && this.queue.length > 0) {
        const hook = this.webhook;
        const entry = this.queue[0] as Queued;
        const delivery: WebhookDelivery = { update_id: entry.update.update_id, url: hook.url, status: null, at: this.now() };
        let replyBody = '';
        try {
          const response = await this.postUpdate(hook.url, entry.update, hook.secret);
          delivery.status = response.status;
          replyBody = response.body;
        } catch (err) {
          delivery.error = (err as Error).message;
        }
        this.webhookDeliveries.push(delivery);
        if (this.stopped) break;
        if (delivery.status !== null && delivery.status >= 200 && delivery.status < 300) {
          entry.delivered = true;
          this.queue = this.queue.filter((q) => q !== entry);
          this.runWebhookReply(replyBody);
          this.notify();
          continue;
        }
        hook.lastErrorDate = Math.floor(this.now() / 1000);
        hook.lastErrorMessage =
          delivery.status !== null
            ? `Wrong response from the webhook: ${delivery.status} ${http.STATUS_CODES[delivery.status] ?? ''}`.trim()
            : (delivery.error ?? 'Connection failed');
        this.notify();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, this.webhookRetryMs);
          function done() {
            clearTimeout(timer);
            resolve();
          }
          this.webhookWake = done;
        });
        this.webhookWake = undefined;
      }
    } finally {
      this.webhookBusy = false;
    }
  }

  private postUpdate(url: string, update: Update, secret?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const payload = Buffer.from(JSON.stringify(update), 'utf8');
      const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json', 'Content-Length': payload.length };
      if (secret !== undefined) headers['X-Telegram-Bot-Api-Secret-Token'] = secret;
      const request = url.startsWith('https:') ? https.request : http.request;
      // agent: false so no keep-alive socket outlives the test's webhook server.
      const req = request(url, { method: 'POST', headers, agent: false, timeout: this.webhookTimeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('Read timeout expired')));
      req.on('error', reject);
      req.on('close', () => {
        if (this.webhookRequest === req) this.webhookRequest = undefined;
      });
      this.webhookRequest = req;
      req.end(payload);
    });
  }

  /** A webhook may answer with one API call in its body (grammY's webhook reply); Telegram runs it. */
  private runWebhookReply(body: string): void {
    if (!body.trim().startsWith('{')) return;
    let parsed: Json;
    try {
      parsed = JSON.parse(body) as Json;
    } catch {
      return;
    }
    const { method, ...params } = parsed;
    if (typeof method !== 'string') return;
    const call: CallRecord = { method, params, files: [], at: this.now(), via: 'webhook-reply' };
    this.calls.push(call);
    const outcome = this.execute(method, params, []);
    call.status = outcome.status;
    if (outcome.status === 429) this.tooManyRequestsCount++;
  }

  // ─────────── sending ───────────

  private sendMessage(p: Json): Message {
    const state = this.resolveChat(p.chat_id);
    this.checkReachable(state);
    const raw = toStr(p.text) ?? '';
    const formatted = renderFormatted(raw, toStr(p.parse_mode), asEntities(p.entities));
    if (formatted.text.length === 0) throw badRequest('message text is empty');
    if (formatted.text.length > 4096) throw badRequest('message is too long');
    const markup = asObject(p.reply_markup);
    validateReplyMarkup(markup);
    const replyTo = this.replyToOf(state, p);
    this.checkRateLimit(state);

    const fields: Json = { text: formatted.text };
    if (formatted.entities.length > 0) fields.entities = formatted.entities;
    if (markup) fields.reply_markup = markup;
    if (replyTo) fields.reply_to_message = replyTo;
    const message = this.botMessage(state, fields);
    this.record('sendMessage', state, message, p, {
      text: raw,
      renderedText: formatted.text,
      entities: formatted.entities,
      reply_markup: markup,
      reply_to: replyTo?.message_id,
    });
    return message;
  }

  private sendMedia(method: 'sendDocument' | 'sendPhoto', field: 'document' | 'photo', p: Json, parts: UploadedPart[]): Message {
    const state = this.resolveChat(p.chat_id);
    this.checkReachable(state);
    const file = this.resolveInputFile(field, p[field], parts);
    const rawCaption = toStr(p.caption);
    const formatted = rawCaption === undefined ? undefined : renderFormatted(rawCaption, toStr(p.parse_mode), asEntities(p.caption_entities));
    if (formatted && formatted.text.length > 1024) throw badRequest('message caption is too long');
    const markup = asObject(p.reply_markup);
    validateReplyMarkup(markup);
    const replyTo = this.replyToOf(state, p);
    this.checkRateLimit(state);

    const fields: Json = {};
    if (field === 'document') fields.document = documentOf(file.stored);
    else fields.photo = photoSizesOf(file.stored);
    if (formatted && formatted.text.length > 0) {
      fields.caption = formatted.text;
      if (formatted.entities.length > 0) fields.caption_entities = formatted.entities;
    }
    if (markup) fields.reply_markup = markup;
    if (replyTo) fields.reply_to_message = replyTo;
    const message = this.botMessage(state, fields);
    this.record(method, state, message, p, {
      caption: rawCaption,
      renderedText: formatted?.text,
      entities: formatted?.entities,
      reply_markup: markup,
      reply_to: replyTo?.message_id,
      file: file.sent,
    });
    return message;
  }

  private resolveInputFile(field: string, value: unknown, parts: UploadedPart[]): { stored: StoredFile; sent: SentFile } {
    let part: UploadedPart | undefined;
    // Telegram accepts either an attach://name reference or a part named like the parameter itself.
    if (typeof value === 'string' && value.startsWith('attach://')) {
      const name = value.slice('attach://'.length);
      part = parts.find((f) => f.name === name);
      if (!part) throw badRequest(`wrong HTTP URL specified`);
    } else if (value === undefined) {
      part = parts.find((f) => f.name === field);
    }
    if (part) {
      if (part.size === 0) throw badRequest('file must be non-empty');
      const stored = this.storeFile(field === 'photo' ? 'photos' : 'documents', {
        filename: part.filename,
        mime: part.contentType === 'application/octet-stream' ? guessMime(part.filename) : part.contentType,
        data: part.data,
      });
      return {
        stored,
        sent: { field, file_id: stored.file_id, filename: part.filename, contentType: part.contentType, size: part.size, data: part.data },
      };
    }
    if (typeof value !== 'string' || value === '') throw badRequest(`there is no ${field} in the request`);
    const known = this.files.get(value);
    if (known) return { stored: known, sent: { field, file_id: known.file_id, ref: value, filename: known.filename, size: known.size } };
    if (/^https?:\/\//.test(value)) {
      const stored = this.storeFile(field === 'photo' ? 'photos' : 'documents', { filename: value.split('/').pop() || undefined });
      return { stored, sent: { field, file_id: stored.file_id, ref: value } };
    }
    throw badRequest('wrong file identifier/HTTP URL specified');
  }

  private editMessage(method: 'editMessageText' | 'editMessageReplyMarkup', p: Json): Message {
    if (p.inline_message_id !== undefined) throw badRequest('inline messages are not supported by the stand-in');
    const state = this.resolveChat(p.chat_id);
    this.checkReachable(state);
    const messageId = toInt(p.message_id);
    const current = messageId === undefined ? undefined : (state.messages.get(messageId) as Json | undefined);
    if (!current) throw badRequest('message to edit not found');
    if ((current.from as User | undefined)?.id !== this.me.id) throw badRequest("message can't be edited");
    // Omitting reply_markup removes the keyboard; this bites bots that edit text and lose their buttons.
    const markup = asObject(p.reply_markup);
    validateReplyMarkup(markup);

    const next: Json = { ...current };
    delete next.reply_markup;
    if (markup) next.reply_markup = markup;
    let raw: string | undefined;
    let formatted: Formatted | undefined;
    if (method === 'editMessageText') {
      if (typeof current.text !== 'string') throw badRequest('there is no text in the message to edit');
      raw = toStr(p.text) ?? '';
      formatted = renderFormatted(raw, toStr(p.parse_mode), asEntities(p.entities));
      if (formatted.text.length === 0) throw badRequest('message text is empty');
      if (formatted.text.length > 4096) throw badRequest('message is too long');
      next.text = formatted.text;
      delete next.entities;
      if (formatted.entities.length > 0) next.entities = formatted.entities;
    }
    if (
      next.text === current.text &&
      JSON.stringify(next.entities ?? []) === JSON.stringify(current.entities ?? []) &&
      JSON.stringify(next.reply_markup ?? null) === JSON.stringify(current.reply_markup ?? null)
    ) {
      throw badRequest(
        'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    next.edit_date = Math.floor(this.now() / 1000);
    const edited = next as unknown as Message;
    state.messages.set(edited.message_id, edited);
    this.record(method, state, edited, p, {
      text: raw,
      renderedText: formatted?.text,
      entities: formatted?.entities,
      reply_markup: markup,
    });
    return edited;
  }

  private record(method: string, state: ChatState, message: Message, p: Json, fields: Partial<SentRecord>): void {
    const rec: SentRecord = { method, chat_id: state.chat.id, message_id: message.message_id, timestamp: this.now(), message };
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) (rec as unknown as Json)[key] = value;
    }
    const parseMode = toStr(p.parse_mode);
    if (parseMode !== undefined) rec.parse_mode = parseMode;
    this.sent.push(rec);
    this.notify();
  }

  private replyToOf(state: ChatState, p: Json): Message | undefined {
    const params = asObject(p.reply_parameters);
    const id = toInt(params?.message_id) ?? toInt(p.reply_to_message_id);
    if (id === undefined) return undefined;
    const target = state.messages.get(id);
    if (target) return withoutNestedReply(target);
    if (toBool(params?.allow_sending_without_reply) || toBool(p.allow_sending_without_reply)) return undefined;
    throw badRequest('message to be replied not found');
  }

  private checkReachable(state: ChatState): void {
    const id = state.chat.id;
    if (this.blockedChats.has(id)) {
      throw new ApiError(
        403,
        state.chat.type === 'private' ? 'Forbidden: bot was blocked by the user' : `Forbidden: bot was kicked from the ${groupWord(state)} chat`,
      );
    }
    if (state.botLeft) throw new ApiError(403, `Forbidden: bot is not a member of the ${groupWord(state)} chat`);
  }

  /**
   * Telegram's limits: ~1 message/s per chat (bursts tolerated), 20/min per group, ~30/s overall.
   * Past them Telegram answers 429 and keeps answering 429 until retry_after has passed.
   */
  private checkRateLimit(state: ChatState): void {
    if (!this.enforceLimits) return;
    const now = this.now();
    const chatId = state.chat.id;
    const until = Math.max(this.floodUntil.get(chatId) ?? 0, this.globalFloodUntil);
    if (until > now) throw tooManyRequests(until - now);

    const { perChatPerSecond, perChatBurst, groupPerMinute, globalPerSecond } = this.limits;
    const bucket = this.buckets.get(chatId) ?? { tokens: perChatBurst, at: now };
    bucket.tokens = Math.min(perChatBurst, bucket.tokens + ((now - bucket.at) / 1000) * perChatPerSecond);
    bucket.at = now;
    this.buckets.set(chatId, bucket);
    if (bucket.tokens < 1) this.flood(chatId, ((1 - bucket.tokens) / perChatPerSecond) * 1000);

    let groupWindow: number[] | undefined;
    if (state.chat.type !== 'private') {
      groupWindow = (this.groupSends.get(chatId) ?? []).filter((t) => t > now - 60_000);
      this.groupSends.set(chatId, groupWindow);
      if (groupWindow.length >= groupPerMinute) this.flood(chatId, (groupWindow[0] as number) + 60_000 - now);
    }

    this.globalSends = this.globalSends.filter((t) => t > now - 1000);
    if (this.globalSends.length >= globalPerSecond) {
      const retry = retryAfterSeconds((this.globalSends[0] as number) + 1000 - now);
      this.globalFloodUntil = now + retry * 1000;
      throw tooManyRequests(retry * 1000);
    }

    bucket.tokens -= 1;
    groupWindow?.push(now);
    this.globalSends.push(now);
  }

  private flood(chatId: number, waitMs: number): never {
    const retry = retryAfterSeconds(waitMs);
    this.floodUntil.set(chatId, this.now() + retry * 1000);
    throw tooManyRequests(retry * 1000);
  }

  // ─────────── commands, callbacks, chats ───────────

  private setMyCommands(p: Json): true {
    const list = Array.isArray(p.commands) ? (p.commands as Json[]) : undefined;
    if (!list) throw badRequest('parameter "commands" is required');
    if (list.length > 100) throw badRequest('too many commands');
    for (const c of list) {
      // Telegram refuses anything but lower-case ASCII here, so Chinese command names cannot be registered.
      if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
      if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
        throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
      }
    }
    const language = toStr(p.language_code) ?? '';
    if (language !== '' && !/^[a-z]{2}$/.test(language)) throw badRequest('invalid language code specified');
    const commands = list.map((c) => ({ command: c.command as string, description: c.description as string }));
    this.commands.set(commandKey(asObject(p.scope), language), commands);
    return true;
  }

  private answerCallbackQuery(p: Json): true {
    const id = toStr(p.callback_query_id) ?? '';
    const query = this.callbackQueries.get(id);
    if (!query || query.answered) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    query.answered = true;
    const answer: CallbackAnswer = { callback_query_id: id, at: this.now() };
    const text = toStr(p.text);
    if (text !== undefined) answer.text = text;
    if (p.show_alert !== undefined) answer.show_alert = toBool(p.show_alert);
    const url = toStr(p.url);
    if (url !== undefined) answer.url = url;
    this.callbackAnswers.push(answer);
    return true;
  }

  private getChat(p: Json): Json {
    const state = this.resolveChat(p.chat_id);
    if (state.botLeft || (state.chat.type !== 'private' && this.blockedChats.has(state.chat.id))) {
      throw badRequest('chat not found');
    }
    return { ...state.chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: giftTypes() };
  }

  private getChatMember(p: Json): Json {
    const state = this.resolveChat(p.chat_id);
    const userId = toInt(p.user_id);
    const user = userId === this.me.id ? this.botUser() : userId === undefined ? undefined : this.users.get(userId);
    if (!user) throw badRequest('user not found');
    let status = state.memberStatus.get(user.id);
    if (!status && user.id === this.me.id) status = state.botLeft ? 'left' : state.botIsAdmin ? 'administrator' : 'member';
    status ??= 'member';
    const member: Json = { status, user };
    if (status === 'administrator') {
      Object.assign(member, {
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: false,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: false,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_pin_messages: true,
      });
    } else if (status === 'creator') {
      member.is_anonymous = false;
    } else if (status === 'kicked') {
      member.until_date = 0;
    }
    return member;
  }

  // ─────────── chat and message bookkeeping ───────────

  private addChat(chat: Chat, botIsAdmin: boolean): void {
    this.chats.set(chat.id, { chat, nextMessageId: 1, messages: new Map(), botIsAdmin, botLeft: false, memberStatus: new Map() });
  }

  private stateOf(chat: ChatRef): ChatState {
    const id = chatIdOf(chat);
    const state = this.chats.get(id);
    if (!state) throw new Error(`TelegramStandin: unknown chat ${id}; create it with privateChat() / createSupergroup() first`);
    return state;
  }

  /** chat_id may be a number, a numeric string (multipart) or @username. */
  private resolveChat(value: unknown): ChatState {
    const id = toInt(value);
    let state = id === undefined ? undefined : this.chats.get(id);
    if (!state && typeof value === 'string' && value.startsWith('@')) {
      const name = value.slice(1).toLowerCase();
      state = [...this.chats.values()].find((s) => s.chat.username?.toLowerCase() === name);
    }
    // A user the bot knows but who never opened a chat with it (privateChat() not called).
    if (!state && id !== undefined && this.users.has(id)) throw new ApiError(403, "Forbidden: bot can't initiate conversation with a user");
    if (!state) throw badRequest('chat not found');
    return state;
  }

  private senderState(from: User, chat: ChatRef): ChatState {
    if (from.id === this.me.id) throw new Error('TelegramStandin: the bot does not receive its own messages');
    const state = this.stateOf(chat);
    if (state.chat.type === 'private' && state.chat.id !== from.id) {
      throw new Error(`TelegramStandin: user ${from.id} cannot write in the private chat of ${state.chat.id}`);
    }
    this.users.set(from.id, from);
    return state;
  }

  private newMessageBase(state: ChatState, from: User): Json {
    return { message_id: state.nextMessageId++, from, chat: state.chat, date: Math.floor(this.now() / 1000) };
  }

  private storeAndPush(state: ChatState, message: Message): Update {
    state.messages.set(message.message_id, message);
    return this.pushUpdate({ message } as Omit<Update, 'update_id'>);
  }

  private replyTarget(state: ChatState, messageId: number): Message {
    const target = state.messages.get(messageId);
    if (!target) throw new Error(`TelegramStandin: no message ${messageId} in chat ${state.chat.id} to reply to`);
    return withoutNestedReply(target);
  }

  /** Raw pushUpdate messages join the chat history so the bot can reply to them. */
  private rememberMessage(update: Update): void {
    const message = (update.message ?? update.edited_message) as Message | undefined;
    if (!message?.chat) return;
    const state = this.chats.get(message.chat.id);
    if (!state) return;
    state.messages.set(message.message_id, message);
    state.nextMessageId = Math.max(state.nextMessageId, message.message_id + 1);
  }

  private botUser(): User {
    return { id: this.me.id, is_bot: true, first_name: this.me.first_name, username: this.me.username };
  }

  private botMessage(state: ChatState, fields: Json): Message {
    const message = { ...this.newMessageBase(state, this.botUser()), ...fields } as unknown as Message;
    state.messages.set(message.message_id, message);
    return message;
  }

  private storeFile(dir: string, info: { filename?: string; mime?: string; data?: Buffer }): StoredFile {
    const seq = this.nextFileSeq++;
    const ext = info.filename && /\.[A-Za-z0-9]{1,8}$/.exec(info.filename)?.[0];
    const stored: StoredFile = {
      file_id: `BQACAgUAAxkBAAI${String(seq).padStart(6, '0')}standin`,
      file_unique_id: `AgAD${String(seq).padStart(6, '0')}`,
      file_path: `${dir}/file_${seq}${ext ?? (dir === 'photos' ? '.jpg' : '')}`,
    };
    if (info.filename !== undefined) stored.filename = info.filename;
    if (info.mime !== undefined) stored.mime = info.mime;
    if (info.data !== undefined) {
      stored.data = info.data;
      stored.size = info.data.length;
    }
    this.files.set(stored.file_id, stored);
    return stored;
  }

  // ─────────── delivery filters ───────────

  private dropReason(update: Update): string | undefined {
    const type = Object.keys(update).find((k) => k !== 'update_id') ?? '';
    const allowed = this.allowedUpdates;
    if (allowed.length > 0 ? !allowed.includes(type) : OPT_IN_UPDATES.has(type)) {
      return `update type '${type}' not in allowed_updates`;
    }
    const message = (update.message ?? update.edited_message) as Message | undefined;
    if (!message) return undefined;
    const state = this.chats.get(message.chat.id);
    if (state?.botLeft) return 'the bot is not a member of this chat';
    if (this.dropBotSenders && message.from?.is_bot) return 'Telegram does not show bots messages from other bots';
    if (message.chat.type !== 'group' && message.chat.type !== 'supergroup') return undefined;
    if (!this.privacyMode || state?.botIsAdmin) return undefined;
    return this.visibleInPrivacyMode(message) ? undefined : 'privacy mode: not a command, mention of or reply to the bot';
  }

  /**
   * Privacy mode lets through: commands (bare, or addressed to this bot), @mentions of the bot, and
   * replies to the bot's messages. "/签到" has no bot_command entity, so it is not let through.
   */
  private visibleInPrivacyMode(message: Message): boolean {
    if (message.reply_to_message?.from?.id === this.me.id) return true;
    const text = message.text ?? message.caption ?? '';
    const entities = message.entities ?? message.caption_entities ?? [];
    const me = this.me.username.toLowerCase();
    return entities.some((e) => {
      const slice = text.slice(e.offset, e.offset + e.length).toLowerCase();
      if (e.type === 'bot_command') {
        const at = slice.indexOf('@');
        return at === -1 || slice.slice(at + 1) === me;
      }
      return e.type === 'mention' && slice === `@${me}`;
    });
  }

  // ─────────── waiting ───────────

  private notify(): void {
    for (const listener of [...this.listeners]) listener.check();
  }

  private waitUntil<T>(probe: () => T | undefined, timeoutMs: number, explain: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const first = probe();
      if (first !== undefined) return resolve(first);
      if (this.stopped) return reject(new Error('TelegramStandin stopped'));
      const listener: Listener = {
        check: () => {
          const hit = probe();
          if (hit === undefined) return;
          cleanup();
          resolve(hit);
        },
        fail: (err) => {
          cleanup();
          reject(err);
        },
      };
      const timer = setTimeout(() => listener.fail(new Error(explain())), timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  private describeSent(since: number): string {
    const list = this.sent.slice(since);
    if (list.length === 0) return 'Nothing was sent.';
    const lines = list.map(
      (m, i) =>
        `  #${since + i} ${m.method} → ${m.chat_id}: ${JSON.stringify(m.renderedText ?? m.text ?? m.caption ?? '')}` +
        (m.file ? ` [${m.file.field} ${m.file.filename ?? m.file.ref ?? ''}]` : ''),
    );
    return `Sent (${list.length}):\n${lines.join('\n')}`;
  }
}

// ───────────────────────────── entities (what Telegram's servers compute) ─────────────────────────────

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const ASCII_WORD = /[A-Za-z0-9_]/;

function codePointBefore(text: string, i: number): string | undefined {
  if (i <= 0) return undefined;
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) return text.slice(i - 2, i);
  return text[i - 1];
}

function codePointAt(text: string, i: number): string | undefined {
  const cp = text.codePointAt(i);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

const isWord = (ch: string | undefined) => ch !== undefined && WORD_CHAR.test(ch);

function scanAsciiWord(text: string, from: number): number {
  let i = from;
  while (i < text.length && ASCII_WORD.test(text[i] as string)) i++;
  return i;
}

/**
 * bot_command and mention entities as Telegram's servers detect them (tdlib's match_bot_commands /
 * find_mentions): a command is /[A-Za-z0-9_]{1,64} with optional @[A-Za-z0-9_]{3,32}, anywhere in
 * the text, not glued to a letter, digit, '/', '<' or '>'. Offsets are UTF-16 code units, which
 * is what JavaScript string indices are.
 */
export function telegramEntities(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  const blocked = (ch: string | undefined) => isWord(ch) || ch === '/' || ch === '<' || ch === '>';

  for (let i = text.indexOf('/'); i !== -1; i = text.indexOf('/', i + 1)) {
    if (blocked(codePointBefore(text, i))) continue;
    const nameEnd = scanAsciiWord(text, i + 1);
    const nameLength = nameEnd - i - 1;
    if (nameLength < 1 || nameLength > 64) continue;
    let end = nameEnd;
    if (text[nameEnd] === '@') {
      const atEnd = scanAsciiWord(text, nameEnd + 1);
      const atLength = atEnd - nameEnd - 1;
      if (atLength < 3 || atLength > 32) continue;
      end = atEnd;
    }
    if (blocked(codePointAt(text, end))) continue;
    found.push({ type: 'bot_command', offset: i, length: end - i });
  }

  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) {
    if (isWord(codePointBefore(text, i))) continue;
    const end = scanAsciiWord(text, i + 1);
    const name = text.slice(i + 1, end);
    if (name.length < 2 || name.length > 32) continue;
    if (isWord(codePointAt(text, end))) continue;
    // Short names are not usernames, except a few inline bots Telegram special-cases.
    if (name.length < 4 && !['gif', 'vid', 'pic'].includes(name.toLowerCase())) continue;
    found.push({ type: 'mention', offset: i, length: end - i });
  }
  return sortEntities(found);
}

function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

// ───────────────────────────── parse_mode ─────────────────────────────

interface Formatted {
  text: string;
  entities: MessageEntity[];
}

const parseError = (what: string) => badRequest(`can't parse entities: ${what}`);
const byteOffset = (src: string, i: number) => Buffer.byteLength(src.slice(0, i), 'utf8');

function renderFormatted(raw: string, parseMode: string | undefined, entities: MessageEntity[] | undefined): Formatted {
  let result: Formatted;
  // Explicit entities win over parse_mode, as on Telegram.
  if (entities !== undefined || parseMode === undefined || parseMode === '') result = { text: raw, entities: entities ?? [] };
  else if (parseMode === 'HTML') result = parseHtml(raw);
  else if (parseMode === 'MarkdownV2') result = parseMarkdownV2(raw);
  else if (parseMode === 'Markdown') result = parseMarkdownLegacy(raw);
  else throw badRequest(`unsupported parse_mode`);
  return trimFormatted(result);
}

/** Telegram strips white space around a message and shifts entities to match. */
function trimFormatted({ text, entities }: Formatted): Formatted {
  const lead = /^[ \t\r\n]*/.exec(text)?.[0].length ?? 0;
  const trimmed = text.slice(lead).replace(/[ \t\r\n]+$/, '');
  const shifted: MessageEntity[] = [];
  for (const e of entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(trimmed.length, e.offset - lead + e.length);
    if (end > start) shifted.push({ ...e, offset: start, length: end - start });
  }
  return { text: trimmed, entities: sortEntities(shifted) };
}

const HTML_TAGS: Record<string, MessageEntity['type']> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  span: 'spoiler',
  'tg-spoiler': 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

function parseHtml(src: string): Formatted {
  let out = '';
  const entities: MessageEntity[] = [];
  const stack: { tag: string; offset: number; attrs: Record<string, string>; language?: string }[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '&') {
      const m = /^&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot));/.exec(src.slice(i, i + 12));
      // Unknown entities stay literal rather than failing, as on Telegram.
      if (!m) {
        out += '&';
        i++;
        continue;
      }
      if (m[1] !== undefined) out += String.fromCodePoint(Number(m[1]));
      else if (m[2] !== undefined) out += String.fromCodePoint(Number.parseInt(m[2], 16));
      else out += { lt: '<', gt: '>', amp: '&', quot: '"' }[m[3] as 'lt' | 'gt' | 'amp' | 'quot'];
      i += m[0].length;
      continue;
    }
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }
    const close = src.indexOf('>', i);
    if (close === -1) throw parseError(`Unclosed start tag at byte offset ${byteOffset(src, i)}`);
    const inner = src.slice(i + 1, close);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (!open) throw parseError(`Unexpected end tag at byte offset ${byteOffset(src, i)}`);
      if (name !== open.tag) {
        throw parseError(`Unmatched end tag at byte offset ${byteOffset(src, i)}, expected "</${open.tag}>", found "</${name}>"`);
      }
      const length = out.length - open.offset;
      const parent = stack[stack.length - 1];
      const language = /^language-(.+)$/.exec(open.attrs.class ?? '')?.[1];
      // <pre><code class="language-x"> is one pre entity with a language, not two entities.
      if (open.tag === 'code' && parent?.tag === 'pre' && language !== undefined) parent.language = language;
      else if (length > 0) entities.push(htmlEntity(open, length));
    } else {
      const name = (/^[a-zA-Z0-9-]*/.exec(inner)?.[0] ?? '').toLowerCase();
      if (!(name in HTML_TAGS)) throw parseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(src, i)}`);
      const attrs = parseAttributes(inner.slice(name.length));
      if (name === 'span' && attrs.class !== 'tg-spoiler') {
        throw parseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, i)}`);
      }
      stack.push({ tag: name, offset: out.length, attrs });
    }
    i = close + 1;
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) throw parseError(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text: out, entities: sortEntities(entities) };
}

function parseAttributes(s: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of s.matchAll(/([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attrs[(m[1] as string).toLowerCase()] = decodeHtmlText(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function decodeHtmlText(s: string): string {
  return s.replace(/&(lt|gt|amp|quot);/g, (_, n: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"' })[n] as string);
}

function htmlEntity(open: { tag: string; offset: number; attrs: Record<string, string>; language?: string }, length: number): MessageEntity {
  const base = { offset: open.offset, length };
  const type = HTML_TAGS[open.tag] as MessageEntity['type'];
  if (type === 'text_link') {
    const href = open.attrs.href ?? '';
    const userId = /^tg:\/\/user\?id=(\d+)$/.exec(href)?.[1];
    if (userId !== undefined) {
      return { ...base, type: 'text_mention', user: { id: Number(userId), is_bot: false, first_name: '' } } as MessageEntity;
    }
    return { ...base, type: 'text_link', url: href } as MessageEntity;
  }
  if (type === 'pre') return (open.language ? { ...base, type, language: open.language } : { ...base, type }) as MessageEntity;
  if (type === 'blockquote' && 'expandable' in open.attrs) return { ...base, type: 'expandable_blockquote' } as MessageEntity;
  if (type === 'custom_emoji') return { ...base, type, custom_emoji_id: open.attrs['emoji-id'] ?? '' } as MessageEntity;
  return { ...base, type } as MessageEntity;
}

const MDV2_RESERVED = '_*[]()~`>#+-=|{}.!';
const MDV2_NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  text_link: 'TextUrl',
};

/** MarkdownV2: any of _*[]()~`>#+-=|{}.! outside markup must be escaped with '\', or Telegram answers 400. */
function parseMarkdownV2(src: string): Formatted {
  let out = '';
  const entities: MessageEntity[] = [];
  const open: { type: string; offset: number; at: number }[] = [];
  let quoteStart: number | undefined;
  let i = 0;
  const closeQuote = (end: number) => {
    if (quoteStart !== undefined && end > quoteStart) entities.push({ type: 'blockquote', offset: quoteStart, length: end - quoteStart });
    quoteStart = undefined;
  };
  while (i < src.length) {
    const c = src[i] as string;
    const lineStart = i === 0 || src[i - 1] === '\n';
    if (c === '\\') {
      const next = codePointAt(src, i + 1);
      if (next === undefined) throw parseError(`Character '\\' is reserved and must be escaped with the preceding '\\'`);
      out += next;
      i += 1 + next.length;
      continue;
    }
    if (c === '`') {
      const fence = src.startsWith('```', i);
      const delim = fence ? '```' : '`';
      let j = i + delim.length;
      let language: string | undefined;
      if (fence) {
        const nl = src.indexOf('\n', j);
        const firstLine = nl === -1 ? '' : src.slice(j, nl);
        if (nl !== -1 && /^[^\s`]+$/.test(firstLine)) {
          language = firstLine;
          j = nl + 1;
        }
      }
      let content = '';
      while (j < src.length && !src.startsWith(delim, j)) {
        if (src[j] === '\\' && j + 1 < src.length) {
          content += src[j + 1];
          j += 2;
        } else {
          content += src[j];
          j++;
        }
      }
      if (j >= src.length) throw parseError(`Can't find end of ${fence ? 'PreCode' : 'Code'} entity at byte offset ${byteOffset(src, i)}`);
      if (content.length > 0) {
        const entity = { type: fence ? 'pre' : 'code', offset: out.length, length: content.length } as MessageEntity;
        if (language !== undefined) (entity as { language?: string }).language = language;
        entities.push(entity);
      }
      out += content;
      i = j + delim.length;
      continue;
    }
    if (c === '>' && lineStart) {
      quoteStart ??= out.length;
      i++;
      continue;
    }
    if (c === '\n') {
      out += c;
      i++;
      if (quoteStart !== undefined && src[i] !== '>') closeQuote(out.length - 1);
      continue;
    }
    let marker: { type: string; width: number } | undefined;
    if (c === '*') marker = { type: 'bold', width: 1 };
    else if (c === '_') marker = src[i + 1] === '_' ? { type: 'underline', width: 2 } : { type: 'italic', width: 1 };
    else if (c === '~') marker = { type: 'strikethrough', width: 1 };
    else if (c === '|' && src[i + 1] === '|') marker = { type: 'spoiler', width: 2 };
    if (marker) {
      const idx = open.map((o) => o.type).lastIndexOf(marker.type);
      const entry = open[idx];
      if (!entry) open.push({ type: marker.type, offset: out.length, at: i });
      else {
        open.splice(idx, 1);
        if (out.length > entry.offset) entities.push({ type: entry.type, offset: entry.offset, length: out.length - entry.offset } as MessageEntity);
      }
      i += marker.width;
      continue;
    }
    if (c === '[') {
      open.push({ type: 'text_link', offset: out.length, at: i });
      i++;
      continue;
    }
    if (c === ']' && open[open.length - 1]?.type === 'text_link') {
      const entry = open.pop() as { offset: number };
      if (src[i + 1] !== '(') throw parseError(`Character ']' is reserved and must be escaped with the preceding '\\'`);
      let j = i + 2;
      let url = '';
      while (j < src.length && src[j] !== ')') {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        url += src[j];
        j++;
      }
      if (j >= src.length) throw parseError(`Can't find end of a URL at byte offset ${byteOffset(src, i + 2)}`);
      if (out.length > entry.offset) {
        const userId = /^tg:\/\/user\?id=(\d+)$/.exec(url)?.[1];
        entities.push(
          (userId !== undefined
            ? {
                type: 'text_mention',
                offset: entry.offset,
                length: out.length - entry.offset,
                user: { id: Number(userId), is_bot: false, first_name: '' },
              }
            : { type: 'text_link', offset: entry.offset, length: out.length - entry.offset, url }) as MessageEntity,
        );
      }
      i = j + 1;
      continue;
    }
    if (MDV2_RESERVED.includes(c)) throw parseError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    out += c;
    i++;
  }
  closeQuote(out.length);
  const unclosed = open[0];
  if (unclosed) {
    throw parseError(`Can't find end of ${MDV2_NAMES[unclosed.type] ?? unclosed.type} entity at byte offset ${byteOffset(src, unclosed.at)}`);
  }
  return { text: out, entities: sortEntities(entities) };
}

/** Legacy Markdown: *bold* _italic_ `code` ```pre``` [text](url); no nesting; an unclosed marker is a 400. */
function parseMarkdownLegacy(src: string): Formatted {
  let out = '';
  const entities: MessageEntity[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\\' && i + 1 < src.length && '_*`['.includes(src[i + 1] as string)) {
      out += src[i + 1];
      i += 2;
      continue;
    }
    const delim = c === '`' && src.startsWith('```', i) ? '```' : c === '*' || c === '_' || c === '`' ? c : c === '[' ? ']' : undefined;
    if (!delim) {
      out += c;
      i++;
      continue;
    }
    const startWidth = delim === '```' ? 3 : 1;
    const end = src.indexOf(delim, i + startWidth);
    if (end === -1) throw parseError(`Can't find end of the entity starting at byte offset ${byteOffset(src, i)}`);
    const content = src.slice(i + startWidth, end);
    let next = end + delim.length;
    let entity: Json;
    if (delim === ']') {
      const urlEnd = src[next] === '(' ? src.indexOf(')', next) : -1;
      if (urlEnd === -1) {
        out += src.slice(i, next);
        i = next;
        continue;
      }
      entity = { type: 'text_link', url: src.slice(next + 1, urlEnd) };
      next = urlEnd + 1;
    } else {
      entity = { type: delim === '*' ? 'bold' : delim === '_' ? 'italic' : delim === '`' ? 'code' : 'pre' };
    }
    if (content.length > 0) entities.push({ ...entity, offset: out.length, length: content.length } as unknown as MessageEntity);
    out += content;
    i = next;
  }
  return { text: out, entities: sortEntities(entities) };
}

// ───────────────────────────── reply markup ─────────────────────────────

function validateReplyMarkup(markup: Json | undefined): void {
  if (!markup || !('inline_keyboard' in markup)) return;
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r)))
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  for (const button of (rows as unknown[][]).flat() as Json[]) {
    if (typeof button.text !== 'string' || button.text === '') throw badRequest('text buttons are unallowed in the inline keyboard');
    if (typeof button.callback_data === 'string') {
      // 64 bytes, not characters: three-byte Chinese characters run out at 21.
      const bytes = Buffer.byteLength(button.callback_data, 'utf8');
      if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
    } else if (typeof button.url === 'string') {
      if (!/^(https?|tg):\/\/\S+$/.test(button.url)) throw badRequest(`inline keyboard button URL '${button.url}' is invalid: Wrong HTTP URL`);
    } else if (!Object.keys(button).some((k) => k !== 'text' && k !== 'style')) {
      throw badRequest('text buttons are unallowed in the inline keyboard');
    }
  }
}

function callbackDataOf(message: Message): string[] {
  const markup = (message as { reply_markup?: { inline_keyboard?: { callback_data?: string }[][] } }).reply_markup;
  return (markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data === undefined ? [] : [b.callback_data]));
}

// ───────────────────────────── request parsing ─────────────────────────────

interface ParsedBody {
  params: Json;
  files: UploadedPart[];
  fieldOrder?: string[];
}

function parseRequestBody(contentType: string | undefined, body: Buffer, query: URLSearchParams): ParsedBody {
  const params: Json = Object.fromEntries(query);
  const type = (contentType ?? '').toLowerCase();
  if (body.length === 0) return { params: normalizeParams(params), files: [] };
  if (type.startsWith('application/json')) {
    const json = JSON.parse(body.toString('utf8')) as unknown;
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('request body is not a JSON object');
    return { params: normalizeParams({ ...params, ...(json as Json) }), files: [] };
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    const value = boundary?.[1] ?? boundary?.[2];
    if (!value) throw new Error('multipart body without boundary');
    const parsed = parseMultipart(body, value.trim());
    return { params: normalizeParams({ ...params, ...parsed.fields }), files: parsed.files, fieldOrder: parsed.order };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { params: normalizeParams({ ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) }), files: [] };
  }
  throw new Error(`unsupported content type ${contentType ?? '(none)'}`);
}

/** Form encodings carry everything as strings; objects arrive as JSON text. */
function normalizeParams(params: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(params)) {
    if (JSON_PARAMS.has(key) && typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // keep the string; the method decides whether that is an error
      }
    }
    out[key] = value;
  }
  return out;
}

/**
 * grammY writes part headers its own way — `content-disposition:form-data;name="chat_id"`, lower
 * case, no spaces, and an unquoted `filename=名单.csv` in raw UTF-8 — so parse leniently.
 */
function parseMultipart(body: Buffer, boundary: string): { fields: Json; files: UploadedPart[]; order: string[] } {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Json = {};
  const files: UploadedPart[] = [];
  const order: string[] = [];
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw new Error('multipart body does not contain its boundary');
  while (true) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) throw new Error('multipart body is not terminated');
    let part = body.subarray(start, next);
    if (part.subarray(0, 2).toString() === '\r\n') part = part.subarray(2);
    if (part.subarray(part.length - 2).toString() === '\r\n') part = part.subarray(0, part.length - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) throw new Error('multipart part without header');
    const headers = new Map<string, string>();
    for (const line of part.subarray(0, split).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const data = part.subarray(split + 4);
    const disposition = headers.get('content-disposition') ?? '';
    const name = /(?:^|;)\s*name=(?:"([^"]*)"|([^;]*))/i.exec(disposition);
    const fieldName = name?.[1] ?? name?.[2]?.trim() ?? '';
    const filenameMatch = /(?:^|;)\s*filename=(?:"([^"]*)"|(.*))$/i.exec(disposition);
    order.push(fieldName);
    if (filenameMatch) {
      files.push({
        name: fieldName,
        filename: filenameMatch[1] ?? filenameMatch[2]?.trim() ?? '',
        contentType: headers.get('content-type') ?? 'application/octet-stream',
        size: data.length,
        data: Buffer.from(data),
      });
    } else {
      fields[fieldName] = data.toString('utf8');
    }
    pos = next;
  }
  return { fields, files, order };
}

// ───────────────────────────── small helpers ─────────────────────────────

interface Outcome {
  status: number;
  body: Json;
}

function writeJson(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }).end(payload);
}

function errorBody(err: unknown): Outcome {
  if (!(err instanceof ApiError)) throw err;
  const body: Json = { ok: false, error_code: err.code, description: err.description };
  if (err.parameters) body.parameters = err.parameters;
  return { status: err.code, body };
}

function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

function tooManyRequests(waitMs: number): ApiError {
  const retry = retryAfterSeconds(waitMs);
  return new ApiError(429, `Too Many Requests: retry after ${retry}`, { retry_after: retry });
}

function defaultDescription(fault: ApiFault): string {
  switch (fault.error_code) {
    case 429:
      return `Too Many Requests: retry after ${fault.retry_after ?? 1}`;
    case 400:
      return fault.migrate_to_chat_id !== undefined ? 'Bad Request: group chat was upgraded to a supergroup chat' : 'Bad Request';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 409:
      return 'Conflict';
    case 500:
      return 'Internal Server Error';
    case 502:
      return 'Bad Gateway';
    default:
      return `Error ${fault.error_code}`;
  }
}

function chatIdOf(chat: ChatRef): number {
  return typeof chat === 'number' ? chat : chat.id;
}

function groupWord(state: ChatState): string {
  return state.chat.type === 'group' ? 'group' : state.chat.type === 'channel' ? 'channel' : 'supergroup';
}

function commandKey(scope: Json | undefined, languageCode: string): string {
  const s = scope ?? { type: 'default' };
  return JSON.stringify([s.type ?? 'default', toInt(s.chat_id) ?? s.chat_id ?? null, toInt(s.user_id) ?? null, languageCode]);
}

function withoutNestedReply(message: Message): Message {
  const copy = { ...message } as Json;
  delete copy.reply_to_message;
  return copy as unknown as Message;
}

function documentOf(file: StoredFile): Json {
  const doc: Json = { file_id: file.file_id, file_unique_id: file.file_unique_id };
  if (file.filename !== undefined) doc.file_name = file.filename;
  if (file.mime !== undefined) doc.mime_type = file.mime;
  if (file.size !== undefined) doc.file_size = file.size;
  return doc;
}

function photoSizesOf(file: StoredFile): Json[] {
  const full: Json = { file_id: file.file_id, file_unique_id: file.file_unique_id, width: 800, height: 600 };
  if (file.size !== undefined) full.file_size = file.size;
  return [{ file_id: `${file.file_id}_s`, file_unique_id: `${file.file_unique_id}_s`, width: 90, height: 68 }, full];
}

function guessMime(filename: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  const known: Record<string, string> = {
    csv: 'text/csv',
    txt: 'text/plain',
    json: 'application/json',
    pdf: 'application/pdf',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
  };
  return known[ext] ?? 'application/octet-stream';
}

function giftTypes(): Json {
  return { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false };
}

function toInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

function toStr(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function toBool(value: unknown): boolean {
  return value === true || value === 'true' || value === 1 || value === '1';
}

function asObject(value: unknown): Json | undefined {
  if (typeof value === 'string' && /^\s*\{/.test(value)) {
    try {
      return JSON.parse(value) as Json;
    } catch {
      throw badRequest("can't parse JSON object");
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function asEntities(value: unknown): MessageEntity[] | undefined {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw badRequest("can't parse entities JSON object");
    }
  }
  return Array.isArray(value) ? (value as MessageEntity[]) : undefined;
}

function toStringArray(value: unknown): string[] {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
