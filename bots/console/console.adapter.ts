import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatAdapter, InboundHandler, Outbound, SendResult } from '../../src/chat/types';
import { consoleTexts } from './console.text';
import { normaliseLine, PLATFORM } from './normalise';
import type { ConsolePlace, ConsoleSpeaker } from './normalise';

export type { ConsolePlace, ConsoleSpeaker } from './normalise';

/** What the terminal offers to its controls (the demo's `.as`, `.chat`, `.reply`…). */
export interface ConsoleSession {
  readonly speaker: ConsoleSpeaker;
  readonly place: ConsolePlace;
  speakAs(speaker: ConsoleSpeaker): void;
  moveTo(place: ConsolePlace): void;
  /** The speaker's private chat with the bot. */
  privatePlace(): ConsolePlace;
  /** Types `text` as the speaker in the current chat, as a reply to `replyTo` when given. */
  say(text: string, replyTo?: string): Promise<void>;
  /** The id of the bot's last message in a chat, for a reply to it. */
  lastBotMessage(chatId: string): string | undefined;
  print(text: string): void;
}

/** Everything beyond reading lines and printing messages: who speaks where, the lines that start with a dot. */
export interface ConsoleControls {
  /** Who types where at first, and what to print before the first prompt. */
  open(): Promise<{ speaker: ConsoleSpeaker; place: ConsolePlace; greeting?: string }>;
  /** A line that starts with a dot (without it); true ends the console. */
  control(line: string, session: ConsoleSession): Promise<boolean>;
  /** After each typed message, e.g. to deliver what it queued before the next prompt. */
  settle?(): Promise<void>;
  /** The title of another chat, for a message the bot sends there. */
  chatTitle?(chatId: string): string | undefined;
}

export type ConsoleOptions = {
  input: Readable;
  output: Writable;
  /** The time stamped on typed messages. */
  now: () => Date;
  /** Default: a guest in a private chat, and `.quit`. */
  controls?: ConsoleControls;
  /** Where a file the bot sends (a chart, a workbook) is written, so its path can be printed; default ./data/files. */
  filesDir?: string;
};

const GUEST: ConsoleControls = {
  open: async () => ({ speaker: { id: 'guest', lang: 'zh' }, place: { id: 'guest', kind: 'private', title: 'guest' } }),
  control: async (line) => /^(quit|exit)\b/.test(line),
};

/** A chat in the terminal: lines in from a stream, the bot's messages out as lines. */
export class ConsoleAdapter implements ChatAdapter, ConsoleSession {
  readonly platform = PLATFORM;
  readonly pacing = { perChatIntervalMs: 0, globalPerSecond: 1000 };
  speaker: ConsoleSpeaker = { id: '', lang: 'zh' };
  place: ConsolePlace = { id: '', kind: 'private', title: '' };
  private counter = 0;
  private readonly lastBot = new Map<string, string>();
  private done: Promise<void> = Promise.resolve();
  private onMessage: InboundHandler = async () => {};
  private closeInput: (() => void) | undefined;
  private readonly controls: ConsoleControls;

  constructor(private readonly opts: ConsoleOptions) {
    this.controls = opts.controls ?? GUEST;
  }

  async start(onMessage: InboundHandler): Promise<void> {
    this.onMessage = onMessage;
    const opening = await this.controls.open();
    this.speaker = opening.speaker;
    this.place = opening.place;
    if (opening.greeting) this.print(opening.greeting);
    const rl = createInterface({ input: this.opts.input, terminal: false });
    this.closeInput = () => rl.close();
    this.done = (async () => {
      this.prompt();
      for await (const line of rl) {
        if (await this.handleLine(line.trim())) break;
        this.prompt();
      }
    })();
  }

  /** Resolves when the input ends or the controls end the console. */
  finished(): Promise<void> {
    return this.done;
  }

  async send(out: Outbound): Promise<SendResult> {
    const id = `out-${Date.now()}-${++this.counter}`;
    this.lastBot.set(out.chatId, id);
    const t = consoleTexts(this.speaker.lang);
    const where = out.chatId === this.place.id ? this.place.title : (this.controls.chatTitle?.(out.chatId) ?? t.privateChat(out.chatId));
    const mentions = out.mentions?.length ? `${out.mentions.map((m) => `@${m.name}`).join(' ')} ` : '';
    const buttons = out.actions?.length ? `\n  [${out.actions.map((a) => `${a.label} → ${a.command}`).join('] [')}]` : '';
    const file = out.file ? `\n  📎 ${this.saveFile(out.file)} (${out.file.data.length} bytes)` : '';
    this.print(`[${where}] ${t.botName()}: ${mentions}${out.text}${buttons}${file}`);
    return { ok: true, messageId: id };
  }

  async stop(): Promise<void> {
    this.closeInput?.();
    await this.done;
  }

  speakAs(speaker: ConsoleSpeaker): void {
    this.speaker = speaker;
    if (this.place.kind === 'private') this.place = this.privatePlace();
  }

  moveTo(place: ConsolePlace): void {
    this.place = place;
  }

  privatePlace(): ConsolePlace {
    return { id: this.speaker.id, kind: 'private', title: consoleTexts(this.speaker.lang).privateChat(this.speaker.id) };
  }

  async say(text: string, replyTo?: string): Promise<void> {
    const id = `in-${Date.now()}-${++this.counter}`;
    const msg = normaliseLine({ id, text, speaker: this.speaker, place: this.place, at: this.opts.now(), replyTo });
    if (!msg) return;
    await this.onMessage(msg);
    await this.controls.settle?.();
  }

  lastBotMessage(chatId: string): string | undefined {
    return this.lastBot.get(chatId);
  }

  print(text: string): void {
    this.opts.output.write(`${text}\n`);
  }

  /** A terminal cannot show an image or a workbook: the file goes to disk and the chat shows its path. */
  private saveFile(file: { name: string; data: Buffer }): string {
    const dir = resolve(this.opts.filesDir ?? join('data', 'files'));
    mkdirSync(dir, { recursive: true });
    const path = join(dir, file.name.replace(/[/\\]/g, '_'));
    writeFileSync(path, file.data);
    return path;
  }

  private async handleLine(line: string): Promise<boolean> {
    if (!line) return false;
    if (line.startsWith('.') || line.startsWith('。')) return this.controls.control(line.slice(1), this);
    await this.say(line);
    return false;
  }

  private prompt(): void {
    this.opts.output.write(`${this.speaker.id}@${this.place.title}> `);
  }
}
