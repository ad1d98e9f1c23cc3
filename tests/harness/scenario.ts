import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { members, outbox } from '../../db/schema';
import type { InboundMessage, Outbound } from '../../src/chat/types';
import { ControllableClock } from '../../src/clock';
import { silentLogger } from '../../src/log';
import { DEMO_GROUP_CHAT, seedDemo } from '../../bots/console/demo/demo-seed';
import { Runtime } from '../../src/app/runtime';
import { zonedInstant } from '../../src/time';
import { RecordingAdapter } from './recording-adapter';

let seq = 0;

/** A plain inbound message on the console platform. */
export function inbound(from: string, text: string, chat: string, at = new Date()): InboundMessage {
  const inGroup = chat !== from;
  return {
    platform: 'console',
    messageId: `s${++seq}-${process.pid}`,
    chatId: chat,
    chatKind: inGroup ? 'group' : 'private',
    chatTitle: inGroup ? chat : undefined,
    senderId: from,
    senderName: from,
    text,
    mentionsBot: false,
    at,
  };
}

/** The demo branch on a test database, a runtime with a recording platform, and a clock to walk days with. */
export class Scenario {
  readonly adapter = new RecordingAdapter('console');
  readonly runtime: Runtime;

  private constructor(
    readonly db: Db,
    readonly tz: string,
    start: Date,
  ) {
    this.runtime = new Runtime({ db, log: silentLogger(), adapters: [this.adapter], clock: new ControllableClock(start) });
  }

  static async create(db: Db, startDate: string, startTime: string, tz = 'Asia/Shanghai'): Promise<Scenario> {
    const s = new Scenario(db, tz, zonedInstant(startDate, startTime, tz));
    await seedDemo(db, s.now());
    await s.adapter.start(async () => {});
    return s;
  }

  now = (): Date => this.runtime.clock.now();

  /** Walks the clock to a local date and time, running scheduled work every `stepMinutes` on the way. */
  async goTo(date: string, time: string, stepMinutes = 15): Promise<void> {
    await this.runtime.advance(this.now(), zonedInstant(date, time, this.tz), stepMinutes * 60_000);
  }

  /** A message from a demo person: in the group chat by default, or their private chat. */
  async say(from: string, text: string, opts: { private?: boolean; replyTo?: string } = {}): Promise<Outbound[]> {
    const msg = inbound(from, text, opts.private ? from : DEMO_GROUP_CHAT, this.now());
    return this.runtime.app.handleInbound({ ...msg, replyToMessageId: opts.replyTo });
  }

  async text(from: string, text: string, opts: { private?: boolean; replyTo?: string } = {}): Promise<string> {
    return (await this.say(from, text, opts)).map((o) => o.text).join('\n');
  }

  async memberId(name: string): Promise<number> {
    const [row] = await this.db.select({ id: members.id }).from(members).where(eq(members.name, name));
    if (!row) throw new Error(`no member ${name}`);
    return row.id;
  }

  async outbox(purpose?: string) {
    const rows = await this.db.select().from(outbox).orderBy(outbox.id);
    return purpose ? rows.filter((r) => r.purpose === purpose) : rows;
  }
}
