/**
 * The four adapters behind one small driver each, for the shared adapter contract (tests/adapter-contract.test.ts).
 * Every driver runs the real adapter on its stand-in (or, for the console, on streams): what a person types becomes
 * the platform's own payload (a Bot API update, a Wechaty puppet message over gRPC, a WeCom long-connection frame,
 * a typed line), goes through the SDK and the adapter's normaliser, and what reaches `start(onMessage)` is recorded.
 */
import { PassThrough } from 'node:stream';
import type { Update, User } from 'grammy/types';
import { log as wechatyLog } from 'wechaty';
import { ConsoleAdapter } from '../../bots/console/console.adapter';
import type { ConsoleControls, ConsolePlace, ConsoleSession } from '../../bots/console/console.adapter';
import { TelegramAdapter } from '../../bots/telegram/telegram.adapter';
import { WechatyAdapter } from '../../bots/wechaty/wechaty.adapter';
import { WecomAdapter } from '../../bots/wecom/wecom.adapter';
import type { InboundMessage } from '../../src/chat/types';
import { silentLogger } from '../../src/log';
import { TelegramStandin } from './telegram-standin';
import { useTempWechatyHome, WechatyStandin } from './wechaty-standin';
import type { ContactMock, RoomMock } from './wechaty-standin';
import { WecomStandin } from './wecom-standin';

export type Person = 'zhang' | 'liu';
export type Said = { from: Person; where: 'group' | 'private'; text: string; mentionBot?: boolean };

/** One platform as the contract drives it. */
export abstract class ContractPlatform {
  abstract readonly name: string;
  /** What the bot is called in a mention, e.g. "@叶脉". */
  abstract readonly botMention: string;
  /** Every message the adapter handed to the core, in order. */
  readonly received: InboundMessage[] = [];
  private sentinels = 0;

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;
  abstract groupId(): string;
  abstract personId(p: Person): string;
  /** A person says something; returns a key that `redeliver` takes. */
  abstract say(s: Said): Promise<string>;
  /** The bot's own message comes back to it (undefined: the platform never delivers it; the reason is in the driver). */
  own?(text: string): Promise<void>;
  /** The platform delivers the same message again (undefined: it cannot happen there). */
  redeliver?(key: string): Promise<void>;

  protected readonly take = async (msg: InboundMessage): Promise<void> => {
    this.received.push(msg);
  };

  /**
   * What reached the core from `act`: afterwards a marker command is said in every chat it touched, and since an
   * adapter hands on a chat's messages in order, once the markers are in, everything before them is too.
   */
  async deliveredBy(act: () => Promise<unknown>, chats: Said[] = [{ from: 'zhang', where: 'group', text: '' }]): Promise<InboundMessage[]> {
    const from = this.received.length;
    await act();
    const markers = chats.map(() => `/marker_${++this.sentinels}`);
    for (const [i, c] of chats.entries()) await this.say({ ...c, text: markers[i] as string, mentionBot: c.where === 'group' });
    const deadline = Date.now() + 20_000;
    while (!markers.every((m) => this.received.slice(from).some((r) => r.text === m))) {
      if (Date.now() > deadline) throw new Error(`${this.name}: markers did not arrive; got ${JSON.stringify(this.received.slice(from))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.received.slice(from).filter((r) => !r.text.startsWith('/marker_'));
  }
}

const NAMES: Record<Person, string> = { zhang: '张云', liu: '刘川' };
const GROUP_TITLE = '原料物资科党小组群';

/** Telegram through grammY against the Bot API stand-in (privacy mode on, as Telegram ships bots). */
export class TelegramPlatform extends ContractPlatform {
  readonly name = 'telegram';
  private standin!: TelegramStandin;
  private adapter!: TelegramAdapter;
  private users!: Record<Person, User>;
  private group!: { id: number };
  private readonly updates = new Map<string, Update>();

  get botMention(): string {
    return `@${this.standin.botInfo.username}`;
  }

  async start(): Promise<void> {
    this.standin = await TelegramStandin.start();
    this.users = { zhang: this.standin.createUser({ first_name: NAMES.zhang }), liu: this.standin.createUser({ first_name: NAMES.liu }) };
    for (const u of Object.values(this.users)) this.standin.privateChat(u);
    this.group = this.standin.createSupergroup({ title: GROUP_TITLE });
    this.adapter = new TelegramAdapter({ token: this.standin.token, apiRoot: this.standin.apiRoot, log: silentLogger(), partGapMs: 0 });
    await this.adapter.start(this.take);
  }

  async stop(): Promise<void> {
    await this.adapter.stop();
    await this.standin.stop();
  }

  groupId = () => String(this.group.id);
  personId = (p: Person) => String(this.users[p].id);

  async say(s: Said): Promise<string> {
    const user = this.users[s.from];
    const chat = s.where === 'group' ? this.group.id : user.id;
    const update = this.standin.sendText(user, chat, s.mentionBot ? `${this.botMention} ${s.text}` : s.text);
    const key = String(update.update_id);
    this.updates.set(key, update);
    return key;
  }

  /**
   * Telegram does not deliver a bot's own messages (the stand-in refuses to fake one through `sendText`), so the
   * update is pushed raw, shaped as the bot's message appears elsewhere in the API (e.g. in `reply_to_message`).
   */
  override async own(text: string): Promise<void> {
    const me = this.standin.botInfo;
    const from = { id: me.id, is_bot: true, first_name: me.first_name, username: me.username };
    const chat = { id: this.group.id, type: 'supergroup', title: GROUP_TITLE };
    const entities = [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length ?? 0 }];
    this.standin.pushUpdate({
      message: { message_id: 900_000, date: Math.floor(Date.now() / 1000), chat, from, text, entities },
    } as unknown as Update);
  }

  /** The same update_id again: what a webhook retry or a restart before the offset was confirmed brings. */
  override async redeliver(key: string): Promise<void> {
    this.standin.pushUpdate(this.updates.get(key) as Update);
  }
}

/** WeChat/WeCom through Wechaty, over gRPC to the puppet stand-in. */
export class WechatyPlatform extends ContractPlatform {
  readonly name = 'wechaty';
  readonly botMention = '@叶脉\u2005';
  private standin!: WechatyStandin;
  private adapter!: WechatyAdapter;
  private home!: ReturnType<typeof useTempWechatyHome>;
  private people!: Record<Person, ContactMock>;
  private room!: RoomMock;

  async start(): Promise<void> {
    wechatyLog.level('silent');
    this.home = useTempWechatyHome();
    this.standin = await WechatyStandin.start({ botName: '叶脉', heartbeatIntervalMs: 500 });
    this.people = { zhang: this.standin.createContact(NAMES.zhang), liu: this.standin.createContact(NAMES.liu) };
    this.room = this.standin.createRoom(GROUP_TITLE, Object.values(this.people));
    this.adapter = new WechatyAdapter({
      log: silentLogger(),
      token: this.standin.token,
      endpoint: this.standin.endpoint,
      tls: this.standin.clientTls,
      loginTimeoutMs: 10_000,
      retryMinMs: 200,
      retryMaxMs: 1_000,
      linkDownRetryMs: 1_000,
      watchdogSeconds: 30,
      pacing: { perChatIntervalMs: 0, globalPerSecond: 100 },
    });
    await this.adapter.start(this.take);
  }

  async stop(): Promise<void> {
    await this.adapter.stop();
    await this.standin.stop();
    await this.home.cleanup();
  }

  groupId = () => this.room.id;
  personId = (p: Person) => this.people[p].id;

  async say(s: Said): Promise<string> {
    const room = s.where === 'group' ? this.room : undefined;
    return this.standin.say(this.people[s.from], s.text, { room, mentionBot: Boolean(room && s.mentionBot) });
  }

  /** The puppet reports the bot's own sends (and its phone's) as messages too. */
  override async own(text: string): Promise<void> {
    this.standin.say(this.standin.botUser, text, { room: this.room });
  }

  override async redeliver(key: string): Promise<void> {
    this.standin.redeliver(key);
  }
}

/** WeCom's official intelligent bot over its long connection, against the WebSocket stand-in. */
export class WecomPlatform extends ContractPlatform {
  readonly name = 'wecom';
  readonly botMention = '@叶脉';
  private standin!: WecomStandin;
  private adapter!: WecomAdapter;
  private readonly chatid = 'wrkSFfCgAAtestgroup';
  private readonly sent = new Map<string, Said>();

  async start(): Promise<void> {
    this.standin = await WecomStandin.start();
    this.adapter = new WecomAdapter({
      log: silentLogger(),
      botId: this.standin.botId,
      secret: this.standin.secret,
      wsUrl: this.standin.url,
      botNames: ['叶脉'],
      heartbeatMs: 300,
      reconnectBaseMs: 100,
      connectTimeoutMs: 5_000,
      pacing: { perChatIntervalMs: 0, perChatPerMinute: 600, globalPerSecond: 50 },
    });
    await this.adapter.start(this.take);
  }

  async stop(): Promise<void> {
    await this.adapter.stop();
    await this.standin.stop();
  }

  groupId = () => this.chatid;
  personId = (p: Person) => `${p}yun`;

  // No `own`: the long connection delivers only what people send to the bot, never the bot's own replies.

  async say(s: Said, msgid?: string): Promise<string> {
    const group = s.where === 'group';
    // In a group WeCom delivers only messages that @ the bot, with the mention in the text.
    const text = group ? `${this.botMention} ${s.text}` : s.text;
    const id = this.standin.say(this.personId(s.from), text, { chatid: group ? this.chatid : undefined, msgid });
    this.sent.set(id, s);
    return id;
  }

  override async redeliver(key: string): Promise<void> {
    await this.say(this.sent.get(key) as Said, key);
  }
}

/** The terminal: lines typed on a stream, as whoever the controls say is typing, where they say. */
export class ConsolePlatform extends ContractPlatform {
  readonly name = 'console';
  readonly botMention = '@叶脉';
  private readonly input = new PassThrough();
  private adapter!: ConsoleAdapter;
  private session!: ConsoleSession;

  async start(): Promise<void> {
    const group: ConsolePlace = { id: GROUP_TITLE, kind: 'group', title: GROUP_TITLE };
    const controls: ConsoleControls = {
      open: async () => ({ speaker: { id: NAMES.zhang, lang: 'zh' }, place: group }),
      control: async () => false,
    };
    this.adapter = new ConsoleAdapter({ input: this.input, output: new PassThrough(), now: () => new Date(), controls });
    await this.adapter.start(this.take);
    this.session = this.adapter;
  }

  async stop(): Promise<void> {
    this.input.end();
    await this.adapter.stop();
  }

  groupId = () => GROUP_TITLE;
  personId = (p: Person) => NAMES[p];

  // No `own` and no `redeliver`: the console never reads what it prints, and every typed line is a new message.

  async say(s: Said): Promise<string> {
    this.session.speakAs({ id: NAMES[s.from], lang: 'zh' });
    this.session.moveTo(s.where === 'group' ? { id: GROUP_TITLE, kind: 'group', title: GROUP_TITLE } : this.session.privatePlace());
    await this.session.say(s.mentionBot ? `${this.botMention} ${s.text}` : s.text);
    return '';
  }
}

export const CONTRACT_PLATFORMS: (() => ContractPlatform)[] = [
  () => new ConsolePlatform(),
  () => new TelegramPlatform(),
  () => new WechatyPlatform(),
  () => new WecomPlatform(),
];
