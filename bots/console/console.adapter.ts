import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { App } from '../../src/app/app';
import type { ChatAdapter, InboundHandler, Outbound, SendResult } from '../../src/chat/types';
import type { ControllableClock } from '../../src/clock';
import { asLang } from '../../src/i18n';
import type { Lang } from '../../src/i18n';
import { accountsOnPlatform, groupChatsOnPlatform } from '../../src/org/org.service';
import type { Runtime } from '../../src/app/runtime';
import { formatLocal, isValidLocalDate, zonedInstant } from '../../src/time';
import { consoleTexts } from './console.text';

const DEMO_TZ = 'Asia/Shanghai';

export type ConsoleOptions = {
  app: App;
  clock: ControllableClock;
  input: Readable;
  output: Writable;
  /** Runs the scheduled work between two instants (the composition root wires the scheduler and outbox here). */
  advance?: (from: Date, to: Date) => Promise<void>;
  /** Delivers what a typed line queued (alerts to others, notices) before the next prompt is shown. */
  deliver?: () => Promise<void>;
  persona?: string;
  chat?: string;
  /** Where a file the bot sends (a chart, a workbook) is written, so its path can be printed; default ./data/files. */
  filesDir?: string;
};

type Place = { id: string; kind: 'group' | 'private'; title: string };

/**
 * A console on a Runtime that is built after it: the Runtime takes its adapters at construction, so the console
 * looks the Runtime's app up on first use, and `.advance` runs that Runtime's scheduled work.
 */
export function consoleOnRuntime(runtime: () => Runtime | undefined, opts: Omit<ConsoleOptions, 'app' | 'advance' | 'deliver'>): ConsoleAdapter {
  const started = (): Runtime => {
    const r = runtime();
    if (!r) throw new Error('the console was used before its Runtime was built');
    return r;
  };
  return new ConsoleAdapter({
    ...opts,
    get app() {
      return started().app;
    },
    advance: (from, to) => started().advance(from, to),
    deliver: async () => {
      await started().dispatcher.drain();
    },
  });
}

/** A chat in the terminal: type as any persona, in any chat, and move a virtual clock. */
export class ConsoleAdapter implements ChatAdapter {
  readonly platform = 'console';
  readonly pacing = { perChatIntervalMs: 0, globalPerSecond: 1000 };
  private persona = '';
  private lang: Lang = 'zh';
  private place: Place = { id: '', kind: 'private', title: '' };
  private counter = 0;
  private readonly lastBotMessage = new Map<string, string>();
  private done: Promise<void> = Promise.resolve();
  private onMessage: InboundHandler = async () => {};
  private readonly rooms = new Map<string, string>();
  private closeInput: (() => void) | undefined;

  constructor(private readonly opts: ConsoleOptions) {}

  async start(onMessage: InboundHandler): Promise<void> {
    const people = await accountsOnPlatform(this.opts.app.db, this.platform);
    const chats = await groupChatsOnPlatform(this.opts.app.db, this.platform);
    for (const c of chats) this.rooms.set(c.externalId, c.title ?? c.externalId);
    this.onMessage = onMessage;
    const me = people.find((p) => p.externalId === this.opts.persona) ?? people[0];
    this.persona = me?.externalId ?? 'guest';
    this.lang = asLang(me?.lang);
    const room = chats.find((c) => c.externalId === this.opts.chat) ?? chats[0];
    this.place = room ? { id: room.externalId, kind: 'group', title: room.title ?? room.externalId } : this.privatePlace();
    const t = consoleTexts(this.lang);
    this.print(t.banner(this.persona, this.place.title, formatLocal(this.opts.clock.now(), DEMO_TZ)));
    const rl = createInterface({ input: this.opts.input, terminal: false });
    this.closeInput = () => rl.close();
    this.done = (async () => {
      this.prompt();
      for await (const line of rl) {
        const quit = await this.handleLine(line.trim());
        if (quit) break;
        this.prompt();
      }
    })();
  }

  /** Resolves when the input ends or `.quit` is typed. */
  finished(): Promise<void> {
    return this.done;
  }

  async send(out: Outbound): Promise<SendResult> {
    const id = `out-${Date.now()}-${++this.counter}`;
    this.lastBotMessage.set(out.chatId, id);
    const where = out.chatId === this.place.id ? this.place.title : this.labelFor(out.chatId);
    const mentions = out.mentions?.length ? `${out.mentions.map((m) => `@${m.name}`).join(' ')} ` : '';
    const buttons = out.actions?.length ? `\n  [${out.actions.map((a) => `${a.label} → ${a.command}`).join('] [')}]` : '';
    const file = out.file ? `\n  📎 ${this.saveFile(out.file)} (${out.file.data.length} bytes)` : '';
    this.print(`[${where}] ${consoleTexts(this.lang).botName()}: ${mentions}${out.text}${buttons}${file}`);
    return { ok: true, messageId: id };
  }

  /** A terminal cannot show an image or a workbook: the file goes to disk and the chat shows its path. */
  private saveFile(file: { name: string; data: Buffer }): string {
    const dir = resolve(this.opts.filesDir ?? join('data', 'files'));
    mkdirSync(dir, { recursive: true });
    const path = join(dir, file.name.replace(/[/\\]/g, '_'));
    writeFileSync(path, file.data);
    return path;
  }

  async stop(): Promise<void> {
    this.closeInput?.();
    await this.done;
  }

  private async handleLine(line: string): Promise<boolean> {
    if (!line) return false;
    if (line.startsWith('.') || line.startsWith('。')) return this.meta(line.slice(1));
    await this.onMessage(this.inbound(line));
    await this.opts.deliver?.();
    return false;
  }

  private inbound(text: string, replyTo?: string) {
    return {
      platform: this.platform,
      messageId: `in-${Date.now()}-${++this.counter}`,
      chatId: this.place.id,
      chatKind: this.place.kind,
      chatTitle: this.place.kind === 'group' ? this.place.title : undefined,
      senderId: this.persona,
      senderName: this.persona,
      text,
      mentionsBot: false,
      replyToMessageId: replyTo,
      at: this.opts.clock.now(),
    };
  }

  private async meta(command: string): Promise<boolean> {
    const [word = '', ...rest] = command.split(/\s+/);
    const arg = rest.join(' ');
    const t = consoleTexts(this.lang);
    const db = this.opts.app.db;
    switch (word) {
      case 'help':
        this.print(t.metaHelp());
        return false;
      case 'who':
        this.print(t.personas((await accountsOnPlatform(db, this.platform)).map((p) => p.externalId).join('、')));
        return false;
      case 'as': {
        const person = (await accountsOnPlatform(db, this.platform)).find((p) => p.externalId === arg);
        if (!person) this.print(t.unknownPersona(arg));
        else {
          this.persona = person.externalId;
          this.lang = asLang(person.lang);
          if (this.place.kind === 'private') this.place = this.privatePlace();
          this.print(consoleTexts(this.lang).nowAs(this.persona, this.place.title));
        }
        return false;
      }
      case 'chats':
        this.print(t.chats([...(await groupChatsOnPlatform(db, this.platform)).map((c) => c.externalId), 'private'].join('、')));
        return false;
      case 'chat':
        return this.switchChat(arg);
      case 'reply': {
        const last = this.lastBotMessage.get(this.place.id);
        if (!last) this.print(t.nothingToReply());
        else {
          await this.onMessage(this.inbound(arg, last));
          await this.opts.deliver?.();
        }
        return false;
      }
      case 'clock':
        return this.setClock(arg);
      case 'advance':
        return this.advanceBy(arg);
      case 'quit':
      case 'exit':
        return true;
      default:
        this.print(t.unknownMeta(`.${word}`));
        return false;
    }
  }

  private async switchChat(name: string): Promise<boolean> {
    if (name === 'private' || name === '私聊') {
      this.place = this.privatePlace();
    } else {
      const room = (await groupChatsOnPlatform(this.opts.app.db, this.platform)).find((c) => c.externalId === name);
      if (!room) {
        this.print(consoleTexts(this.lang).unknownChat(name));
        return false;
      }
      this.place = { id: room.externalId, kind: 'group', title: room.title ?? room.externalId };
    }
    this.print(consoleTexts(this.lang).nowAs(this.persona, this.place.title));
    return false;
  }

  private async setClock(arg: string): Promise<boolean> {
    const t = consoleTexts(this.lang);
    if (arg) {
      const [date = '', time = '00:00'] = arg.split(/\s+/);
      if (!isValidLocalDate(date) || !/^\d{2}:\d{2}$/.test(time)) {
        this.print(t.badClock());
        return false;
      }
      // A jump, not a walk: only slots still inside their grace window at the new time run.
      const to = zonedInstant(date, time, DEMO_TZ);
      this.opts.clock.set(to);
      await this.opts.advance?.(to, to);
    }
    this.print(t.clock(formatLocal(this.opts.clock.now(), DEMO_TZ)));
    return false;
  }

  private async advanceBy(arg: string): Promise<boolean> {
    const m = /^(\d+)\s*(m|h|d)$/.exec(arg);
    if (!m) {
      this.print(consoleTexts(this.lang).badClock());
      return false;
    }
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
    await this.moveClockTo(new Date(this.opts.clock.now().getTime() + Number(m[1]) * unit));
    this.print(consoleTexts(this.lang).clock(formatLocal(this.opts.clock.now(), DEMO_TZ)));
    return false;
  }

  private async moveClockTo(to: Date): Promise<void> {
    const from = this.opts.clock.now();
    if (to > from && this.opts.advance) await this.opts.advance(from, to);
    this.opts.clock.set(to);
  }

  private privatePlace(): Place {
    return { id: this.persona, kind: 'private', title: consoleTexts(this.lang).privateChat(this.persona) };
  }

  private labelFor(chatId: string): string {
    return this.rooms.get(chatId) ?? consoleTexts(this.lang).privateChat(chatId);
  }

  private prompt(): void {
    this.opts.output.write(`${this.persona}@${this.place.title}> `);
  }

  private print(text: string): void {
    this.opts.output.write(`${text}\n`);
  }
}
