/**
 * A stand-in for WeCom's intelligent-bot long-connection server (企业微信智能机器人 长连接), speaking the frames
 * `@wecom/aibot-node-sdk` 1.0.7 speaks, on 127.0.0.1 and a random port:
 *  - `aibot_subscribe` {bot_id, secret} → an answer with the same req_id, errcode 0 or 40001 (rejected secret);
 *    a second subscribe for the same bot id sends the older connection a `disconnected_event` and closes it;
 *  - `ping` → an answer with its req_id (unless heartbeats are being ignored);
 *  - `aibot_send_msg` / `aibot_respond_msg` → recorded, then acked (or refused with an injected errcode);
 *  - `aibot_upload_media_init` / `_chunk` / `_finish` → upload_id, chunk acks, media_id (the bytes are kept);
 *  - `aibot_msg_callback` (text, voice, mixed; quotes) and `aibot_event_callback` (template_card_event) pushed
 *    to the connected client by `say` / `click`.
 * Errcodes and the exact error frames of the real server are not published; the ones used here are marked.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

export type Frame = { cmd?: string; headers: { req_id: string }; body?: Record<string, unknown>; errcode?: number; errmsg?: string };

/** One message the bot sent: a proactive send, or a reply to a callback (its chat taken from that callback). */
export type SentMessage = {
  seq: number;
  cmd: 'aibot_send_msg' | 'aibot_respond_msg';
  reqId: string;
  chatid: string;
  msgtype: string;
  /** markdown content, or the card's title and text; '' for media */
  text: string;
  /** `<@userid>` mentions in a markdown message */
  mentions: string[];
  card?: { taskId: string; buttons: { text: string; key: string }[] };
  media?: { type: string; mediaId: string; filename: string; data: Buffer };
  body: Record<string, unknown>;
  at: number;
};

type Client = { ws: WebSocket; botId: string | null; id: number };

type Upload = { type: string; filename: string; totalChunks: number; chunks: Map<number, Buffer> };

/** Not published by WeCom; chosen to look like its other APIs (40001: invalid credential). */
export const ERR_BAD_SECRET = 40001;
export const ERR_INVALID_CHATID = 93006;
export const ERR_FREQ_LIMIT = 45009;

export type StandinOptions = { bots?: Record<string, string> };

export class WecomStandin {
  readonly sent: SentMessage[] = [];
  /** every frame a client sent, in order (secrets included: the tests check what the SDK sends) */
  readonly received: Frame[] = [];
  readonly subscribes: { botId: string; ok: boolean; at: number }[] = [];
  pings = 0;
  /** when true, pings get no answer (the SDK drops the link after two unanswered) */
  ignorePings = false;
  /** when true, new connections are closed at once (the server is "down") */
  refuseConnections = false;
  private readonly clients = new Set<Client>();
  private readonly callbacks = new Map<string, { chatid: string }>();
  private readonly uploads = new Map<string, Upload>();
  private readonly media = new Map<string, { type: string; filename: string; data: Buffer }>();
  private readonly sendFailures: { chatid: string; errcode: number; errmsg: string; msgtype?: string }[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly dropOn = new Set<string>();
  private nextClientId = 1;
  private seq = 0;

  private constructor(
    private readonly server: WebSocketServer,
    readonly bots: Record<string, string>,
  ) {
    server.on('connection', (ws) => this.accept(ws));
  }

  static async start(opts: StandinOptions = {}): Promise<WecomStandin> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    return new WecomStandin(server, opts.bots ?? { 'bot-yemai': 'secret-for-tests-0123456789' });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get botId(): string {
    return Object.keys(this.bots)[0] as string;
  }

  get secret(): string {
    return this.bots[this.botId] as string;
  }

  /** Clients that subscribed successfully and are still connected. */
  get subscribed(): number {
    return [...this.clients].filter((c) => c.botId !== null).length;
  }

  /**
   * The next send to this chat (of this msgtype, when given: the card after a text, say) is refused with this
   * errcode (the ack carries it, as the server's do).
   */
  failNextSend(chatid: string, errcode: number, errmsg: string, msgtype?: string): void {
    this.sendFailures.push({ chatid, errcode, errmsg, msgtype });
  }

  /**
   * The next send to this chat never arrives: the connection drops as it is written (no ack, nothing shown),
   * the way a network failure mid-send looks to the client.
   */
  dropOnNextSend(chatid: string): void {
    this.dropOn.add(chatid);
  }

  /** Closes every connection from the server side (a network drop); clients reconnect by themselves. */
  dropConnections(): void {
    for (const c of this.clients) c.ws.terminate();
  }

  /** A user's message to the bot: 1:1 when no chat is given, else in that group (@-mentioning the bot). */
  say(from: string, text: string, opts: { chatid?: string; msgtype?: 'text' | 'voice' | 'mixed'; quote?: string; msgid?: string } = {}): string {
    const msgid = opts.msgid ?? `msg-${randomUUID()}`;
    const body: Record<string, unknown> = {
      msgid,
      aibotid: this.botId,
      chattype: opts.chatid ? 'group' : 'single',
      from: { userid: from },
      create_time: Math.floor(Date.now() / 1000),
      msgtype: opts.msgtype ?? 'text',
    };
    if (opts.chatid) body.chatid = opts.chatid;
    if (!opts.msgtype || opts.msgtype === 'text') body.text = { content: text };
    if (opts.msgtype === 'voice') body.voice = { content: text };
    if (opts.msgtype === 'mixed') {
      body.mixed = {
        msg_item: [
          { msgtype: 'image', image: { url: 'https://example.invalid/pic', aeskey: 'x' } },
          { msgtype: 'text', text: { content: text } },
        ],
      };
    }
    if (opts.quote !== undefined) body.quote = { msgtype: 'text', text: { content: opts.quote } };
    this.push('aibot_msg_callback', body, opts.chatid ?? from);
    return msgid;
  }

  /**
   * A click on a card button. `shape` 'sdk' puts the key at `event.event_key` (the SDK's types); 'nested' at
   * `event.template_card_event.event_key` (as other implementations read it).
   */
  click(from: string, key: string, opts: { chatid?: string; taskId?: string; shape?: 'sdk' | 'nested' } = {}): string {
    const msgid = `evt-${randomUUID()}`;
    const taskId = opts.taskId ?? this.sent.findLast((m) => m.card?.buttons.some((b) => b.key === key))?.card?.taskId ?? 'unknown';
    const event =
      opts.shape === 'nested'
        ? { eventtype: 'template_card_event', template_card_event: { card_type: 'button_interaction', event_key: key, task_id: taskId } }
        : { eventtype: 'template_card_event', event_key: key, task_id: taskId };
    const body: Record<string, unknown> = {
      msgid,
      create_time: Math.floor(Date.now() / 1000),
      aibotid: this.botId,
      chattype: opts.chatid ? 'group' : 'single',
      from: { userid: from },
      msgtype: 'event',
      event,
    };
    if (opts.chatid) body.chatid = opts.chatid;
    this.push('aibot_event_callback', body, opts.chatid ?? from);
    return msgid;
  }

  /** The first sent message (already sent or still to come) that matches. */
  waitFor(pred: (m: SentMessage) => boolean, ms = 10_000): Promise<SentMessage> {
    return this.waitUntil(() => this.sent.find(pred), ms, 'a sent message');
  }

  /** Resolves when `pick` returns something (checked on every frame and every 50 ms). */
  waitUntil<T>(pick: () => T | undefined | false, ms: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = pick();
        if (found === undefined || found === false) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`stand-in: no ${what} within ${ms} ms (sent: ${this.sent.map((m) => m.text.slice(0, 40)).join(' | ')})`));
      }, ms);
      const poll = setInterval(check, 50);
      const waiter = () => void check();
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(waiter);
      };
      if (!check()) this.waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    for (const c of this.clients) c.ws.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private push(cmd: 'aibot_msg_callback' | 'aibot_event_callback', body: Record<string, unknown>, chatid: string): void {
    const client = [...this.clients].find((c) => c.botId === body.aibotid);
    if (!client) throw new Error('stand-in: no subscribed client to deliver to');
    const reqId = `${cmd}_${randomUUID()}`;
    this.callbacks.set(reqId, { chatid });
    client.ws.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
  }

  private accept(ws: WebSocket): void {
    if (this.refuseConnections) {
      ws.terminate();
      return;
    }
    const client: Client = { ws, botId: null, id: this.nextClientId++ };
    this.clients.add(client);
    ws.on('message', (data) => {
      let frame: Frame;
      try {
        frame = JSON.parse(String(data)) as Frame;
      } catch {
        return;
      }
      this.received.push(frame);
      this.handle(client, frame);
      for (const w of this.waiters) w();
    });
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
  }

  private answer(client: Client, reqId: string, extra: Partial<Frame> = {}): void {
    if (client.ws.readyState !== client.ws.OPEN) return;
    client.ws.send(JSON.stringify({ headers: { req_id: reqId }, errcode: 0, errmsg: 'ok', ...extra }));
  }

  private handle(client: Client, frame: Frame): void {
    const reqId = frame.headers?.req_id ?? '';
    const body = frame.body ?? {};
    switch (frame.cmd) {
      case 'aibot_subscribe':
        this.subscribe(client, reqId, String(body.bot_id ?? ''), String(body.secret ?? ''));
        return;
      case 'ping':
        this.pings++;
        if (!this.ignorePings) this.answer(client, reqId);
        return;
      case 'aibot_send_msg':
      case 'aibot_respond_msg':
        this.record(client, frame.cmd, reqId, body);
        return;
      case 'aibot_upload_media_init':
        this.uploadInit(client, reqId, body);
        return;
      case 'aibot_upload_media_chunk':
        this.uploadChunk(client, reqId, body);
        return;
      case 'aibot_upload_media_finish':
        this.uploadFinish(client, reqId, body);
        return;
      default:
        this.answer(client, reqId, { errcode: 40008, errmsg: `unknown cmd ${frame.cmd}` });
    }
  }

  private subscribe(client: Client, reqId: string, botId: string, secret: string): void {
    const ok = this.bots[botId] !== undefined && this.bots[botId] === secret;
    this.subscribes.push({ botId, ok, at: Date.now() });
    if (!ok) {
      this.answer(client, reqId, { errcode: ERR_BAD_SECRET, errmsg: 'invalid bot_id or secret' });
      return;
    }
    for (const other of this.clients) {
      if (other === client || other.botId !== botId) continue;
      // The real server tells the older connection why, then closes it.
      other.ws.send(
        JSON.stringify({
          cmd: 'aibot_event_callback',
          headers: { req_id: `aibot_event_callback_${randomUUID()}` },
          body: {
            msgid: `evt-${randomUUID()}`,
            create_time: Math.floor(Date.now() / 1000),
            aibotid: botId,
            msgtype: 'event',
            event: { eventtype: 'disconnected_event' },
          },
        }),
      );
      other.botId = null;
      setTimeout(() => other.ws.close(), 20);
    }
    client.botId = botId;
    this.answer(client, reqId);
  }

  private record(client: Client, cmd: 'aibot_send_msg' | 'aibot_respond_msg', reqId: string, body: Record<string, unknown>): void {
    const chatid = cmd === 'aibot_send_msg' ? String(body.chatid ?? '') : (this.callbacks.get(reqId)?.chatid ?? '');
    if (this.dropOn.delete(chatid)) {
      client.ws.terminate();
      return;
    }
    const failure = this.sendFailures.findIndex((f) => f.chatid === chatid && (!f.msgtype || f.msgtype === body.msgtype));
    if (failure !== -1) {
      const [f] = this.sendFailures.splice(failure, 1);
      this.answer(client, reqId, { errcode: f?.errcode, errmsg: f?.errmsg });
      return;
    }
    this.sent.push(toSent(++this.seq, cmd, reqId, chatid, body, this.media));
    this.answer(client, reqId);
  }

  private uploadInit(client: Client, reqId: string, body: Record<string, unknown>): void {
    const uploadId = `up-${randomUUID()}`;
    this.uploads.set(uploadId, {
      type: String(body.type),
      filename: String(body.filename),
      totalChunks: Number(body.total_chunks),
      chunks: new Map(),
    });
    this.answer(client, reqId, { body: { upload_id: uploadId } });
  }

  private uploadChunk(client: Client, reqId: string, body: Record<string, unknown>): void {
    const upload = this.uploads.get(String(body.upload_id));
    if (!upload) {
      this.answer(client, reqId, { errcode: 40004, errmsg: 'invalid upload_id' });
      return;
    }
    upload.chunks.set(Number(body.chunk_index), Buffer.from(String(body.base64_data), 'base64'));
    this.answer(client, reqId);
  }

  private uploadFinish(client: Client, reqId: string, body: Record<string, unknown>): void {
    const upload = this.uploads.get(String(body.upload_id));
    if (!upload || upload.chunks.size !== upload.totalChunks) {
      this.answer(client, reqId, { errcode: 40004, errmsg: 'chunks missing' });
      return;
    }
    const data = Buffer.concat([...upload.chunks.entries()].sort(([a], [b]) => a - b).map(([, b]) => b));
    const mediaId = `media-${randomUUID()}`;
    this.media.set(mediaId, { type: upload.type, filename: upload.filename, data });
    this.answer(client, reqId, { body: { type: upload.type, media_id: mediaId, created_at: String(Math.floor(Date.now() / 1000)) } });
  }
}

function toSent(
  seq: number,
  cmd: SentMessage['cmd'],
  reqId: string,
  chatid: string,
  body: Record<string, unknown>,
  media: Map<string, { type: string; filename: string; data: Buffer }>,
): SentMessage {
  const msgtype = String(body.msgtype ?? '');
  const base = { seq, cmd, reqId, chatid, msgtype, body, at: Date.now(), mentions: [] as string[], text: '' };
  if (msgtype === 'markdown') {
    const content = String((body.markdown as { content?: string } | undefined)?.content ?? '');
    return { ...base, text: content, mentions: [...content.matchAll(/<@([^>]+)>/g)].map((m) => m[1] as string) };
  }
  if (msgtype === 'stream') {
    return { ...base, text: String((body.stream as { content?: string } | undefined)?.content ?? '') };
  }
  if (msgtype === 'template_card') {
    const card = body.template_card as {
      main_title?: { title?: string };
      sub_title_text?: string;
      task_id?: string;
      button_list?: { text: string; key: string }[];
    };
    return {
      ...base,
      text: [card.main_title?.title, card.sub_title_text].filter(Boolean).join('\n'),
      card: { taskId: String(card.task_id ?? ''), buttons: card.button_list ?? [] },
    };
  }
  const mediaId = String((body[msgtype] as { media_id?: string } | undefined)?.media_id ?? '');
  const stored = media.get(mediaId);
  return { ...base, media: { type: msgtype, mediaId, filename: stored?.filename ?? '', data: stored?.data ?? Buffer.alloc(0) } };
}
