import type { ControllableClock } from '../../../src/clock';
import type { Lang } from '../../../src/i18n';
import { formatLocal, isValidLocalDate, zonedInstant } from '../../../src/time';
import type { ConsoleControls, ConsolePlace, ConsoleSession } from '../console.adapter';
import { consoleTexts } from '../console.text';
import type { DemoDirectory } from './demo-directory';
import { demoTexts } from './demo.text';

/** The demo's virtual clock reads Beijing time, like the branch it seeds. */
export const DEMO_TZ = 'Asia/Shanghai';

export type DemoControlsOptions = {
  directory: DemoDirectory;
  clock: ControllableClock;
  /** Runs the scheduled work between two instants (the composition root wires the scheduler and outbox here). */
  advance?: (from: Date, to: Date) => Promise<void>;
  /** Delivers what a typed line queued (alerts to others, notices) before the next prompt is shown. */
  deliver?: () => Promise<void>;
  /** Who to start as and where (default: the first persona, in the first group chat). */
  persona?: string;
  chat?: string;
};

/** The console demo's controls: personas (`.who`, `.as`), chats (`.chats`, `.chat`), `.reply` and the virtual clock. */
export class DemoControls implements ConsoleControls {
  private readonly titles = new Map<string, string>();

  constructor(private readonly opts: DemoControlsOptions) {}

  async open() {
    const people = await this.opts.directory.personas();
    const chats = await this.groupChats();
    const me = people.find((p) => p.id === this.opts.persona) ?? people[0] ?? { id: 'guest', lang: 'zh' as const };
    const room = chats.find((c) => c.id === this.opts.chat) ?? chats[0];
    const place: ConsolePlace = room ? { id: room.id, kind: 'group', title: room.title } : privateOf(me.id, me.lang);
    const greeting = demoTexts(me.lang).banner(me.id, place.title, formatLocal(this.opts.clock.now(), DEMO_TZ));
    return { speaker: me, place, greeting };
  }

  settle = async (): Promise<void> => {
    await this.opts.deliver?.();
  };

  chatTitle = (chatId: string): string | undefined => this.titles.get(chatId);

  async control(line: string, session: ConsoleSession): Promise<boolean> {
    const [word = '', ...rest] = line.split(/\s+/);
    const arg = rest.join(' ');
    const t = demoTexts(session.speaker.lang);
    switch (word) {
      case 'help':
        session.print(t.metaHelp());
        return false;
      case 'who':
        session.print(t.personas((await this.opts.directory.personas()).map((p) => p.id).join('、')));
        return false;
      case 'as':
        return this.becomePersona(arg, session);
      case 'chats':
        session.print(t.chats([...(await this.groupChats()).map((c) => c.id), 'private'].join('、')));
        return false;
      case 'chat':
        return this.switchChat(arg, session);
      case 'reply': {
        const last = session.lastBotMessage(session.place.id);
        if (last) await session.say(arg, last);
        else session.print(t.nothingToReply());
        return false;
      }
      case 'clock':
        return this.setClock(arg, session);
      case 'advance':
        return this.advanceBy(arg, session);
      case 'quit':
      case 'exit':
        return true;
      default:
        session.print(t.unknownMeta(`.${word}`));
        return false;
    }
  }

  private async groupChats() {
    const chats = await this.opts.directory.groupChats();
    for (const c of chats) this.titles.set(c.id, c.title);
    return chats;
  }

  private async becomePersona(name: string, session: ConsoleSession): Promise<boolean> {
    const person = (await this.opts.directory.personas()).find((p) => p.id === name);
    if (!person) session.print(demoTexts(session.speaker.lang).unknownPersona(name));
    else {
      session.speakAs(person);
      session.print(demoTexts(person.lang).nowAs(person.id, session.place.title));
    }
    return false;
  }

  private async switchChat(name: string, session: ConsoleSession): Promise<boolean> {
    const t = demoTexts(session.speaker.lang);
    if (name === 'private' || name === '私聊') session.moveTo(session.privatePlace());
    else {
      const room = (await this.groupChats()).find((c) => c.id === name);
      if (!room) {
        session.print(t.unknownChat(name));
        return false;
      }
      session.moveTo({ id: room.id, kind: 'group', title: room.title });
    }
    session.print(t.nowAs(session.speaker.id, session.place.title));
    return false;
  }

  private async setClock(arg: string, session: ConsoleSession): Promise<boolean> {
    const t = demoTexts(session.speaker.lang);
    if (arg) {
      const [date = '', time = '00:00'] = arg.split(/\s+/);
      if (!isValidLocalDate(date) || !/^\d{2}:\d{2}$/.test(time)) {
        session.print(t.badClock());
        return false;
      }
      // A jump, not a walk: only slots still inside their grace window at the new time run.
      const to = zonedInstant(date, time, DEMO_TZ);
      this.opts.clock.set(to);
      await this.opts.advance?.(to, to);
    }
    session.print(t.clock(formatLocal(this.opts.clock.now(), DEMO_TZ)));
    return false;
  }

  private async advanceBy(arg: string, session: ConsoleSession): Promise<boolean> {
    const t = demoTexts(session.speaker.lang);
    const m = /^(\d+)\s*(m|h|d)$/.exec(arg);
    if (!m) {
      session.print(t.badClock());
      return false;
    }
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
    const from = this.opts.clock.now();
    const to = new Date(from.getTime() + Number(m[1]) * unit);
    if (to > from && this.opts.advance) await this.opts.advance(from, to);
    this.opts.clock.set(to);
    session.print(t.clock(formatLocal(this.opts.clock.now(), DEMO_TZ)));
    return false;
  }
}

const privateOf = (id: string, lang: Lang): ConsolePlace => ({ id, kind: 'private', title: consoleTexts(lang).privateChat(id) });
