import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { App } from './app';
import { AdapterSupervisor } from './adapter-supervisor';
import { createApp } from './app';
import { registerAddressing } from '../chat/addressing';
import { coreTexts } from '../commands/commands.text';
import { DurableInbound } from './durable-inbound';
import { InboundJournal } from './inbound-journal';
import type { JournalOptions } from './inbound-journal';
import { sendReplies } from './serve';
import type { ChatAdapter } from '../chat/types';
import { ControllableClock } from '../clock';
import { ALL_JOBS, onDelivered } from './features';
import type { HealthSource } from './health';
import { Scheduler } from '../jobs/scheduler';
import { AUDIT_RETENTION_DAYS } from '../org/audit';
import { auditRetentionJob } from './audit-retention.job';
import { tellSecretariesClassroomSilent } from '../org/silent-classroom';
import { OutboxDispatcher } from '../outbox/dispatcher';
import type { DispatcherOptions } from '../outbox/dispatcher';

export type RuntimeOptions = {
  db: Db;
  log: Logger;
  adapters: ChatAdapter[];
  clock?: ControllableClock;
  dispatcher?: Partial<DispatcherOptions>;
  /** Where inbound messages wait while the database is unreachable (memory only when unset). */
  journal?: JournalOptions;
  /** How long such a message waits before its sender is told it is in hand (default 10 s). */
  ackAfterMs?: number;
  /** Days the audit log keeps an entry (default AUDIT_RETENTION_DAYS). */
  auditRetentionDays?: number;
};

/** The running bot: app, adapters, scheduler and outbox dispatcher, started and stopped together. */
export class Runtime {
  readonly app: App;
  readonly clock: ControllableClock;
  readonly scheduler: Scheduler;
  readonly dispatcher: OutboxDispatcher;
  /** One per adapter once started: its state for the health check. */
  readonly supervisors: AdapterSupervisor[] = [];
  readonly inbound: DurableInbound;

  constructor(private readonly opts: RuntimeOptions) {
    this.clock = opts.clock ?? new ControllableClock();
    registerAddressing(opts.adapters);
    const inviteLinks = (code: string) => opts.adapters.flatMap((a) => a.inviteLink?.(code) ?? []);
    this.app = createApp({ db: opts.db, clock: this.clock.now, log: opts.log, inviteLinks });
    this.scheduler = new Scheduler({
      db: opts.db,
      clock: this.clock.now,
      jobs: [...ALL_JOBS, auditRetentionJob(opts.auditRetentionDays ?? AUDIT_RETENTION_DAYS)],
      log: opts.log,
    });
    this.dispatcher = new OutboxDispatcher({
      db: opts.db,
      clock: this.clock.now,
      adapters: opts.adapters,
      log: opts.log,
      onDelivered,
      onChatGone: tellSecretariesClassroomSilent,
      ...opts.dispatcher,
    });
    const adapterFor = (platform: string) => opts.adapters.find((a) => a.platform === platform) as ChatAdapter;
    this.inbound = new DurableInbound({
      app: this.app,
      journal: new InboundJournal(opts.journal),
      answer: (msg, replies) => sendReplies(this.app, adapterFor(msg.platform), msg, replies, this.dispatcher),
      acknowledge: async (msg) => {
        await adapterFor(msg.platform).send({ platform: msg.platform, chatId: msg.chatId, text: coreTexts('zh').acceptedLater() });
      },
      log: opts.log,
      ackAfterMs: opts.ackAfterMs,
    });
  }

  /**
   * Starts the adapters, then the clock-driven work. An adapter that does not come up within `adapterWaitMs`
   * keeps being retried in the background (see AdapterSupervisor): one unreachable platform stops nothing else.
   * Only an adapter that says retrying cannot help (a wrong token) makes start fail.
   */
  async start(opts: { scheduler?: boolean; dispatcher?: boolean; adapterWaitMs?: number } = {}): Promise<void> {
    const firsts = this.opts.adapters.map((adapter) => {
      const supervisor = new AdapterSupervisor(adapter, (msg) => this.inbound.take(msg), { log: this.opts.log });
      this.supervisors.push(supervisor);
      return supervisor.start();
    });
    let timer: NodeJS.Timeout | undefined;
    const patience = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, opts.adapterWaitMs ?? 10_000);
    });
    await Promise.race([Promise.all(firsts), patience]);
    clearTimeout(timer);
    const fatal = this.supervisors.find((s) => s.fatalError)?.fatalError;
    if (fatal) {
      await this.stop();
      throw fatal;
    }
    this.inbound.start();
    if (opts.dispatcher !== false) this.dispatcher.start();
    if (opts.scheduler !== false) this.scheduler.start();
  }

  /** What the health check reads: the database, each adapter's link, the scheduler, the outbox, the journal. */
  healthSource(): HealthSource {
    return {
      db: this.opts.db,
      clock: this.clock.now,
      adapters: () =>
        this.opts.adapters.map((adapter) => ({
          platform: adapter.platform,
          ...(this.supervisors.find((s) => s.adapter === adapter)?.health() ?? { connected: false, state: 'starting' }),
        })),
      schedulerLastTick: () => this.scheduler.lastTickAt,
      inboundWaiting: () => this.inbound.waiting,
    };
  }

  /** Moves the clock minute by minute, running due slots and delivering what they queue. */
  async advance(from: Date, to: Date, stepMs = 60_000): Promise<void> {
    await this.scheduler.catchUp(
      from,
      to,
      async (at) => {
        this.clock.set(at);
        await this.dispatcher.drain();
      },
      stepMs,
    );
    this.clock.set(to);
    await this.dispatcher.drain();
  }

  /** Stops taking new work, finishes what is in hand, then closes the adapters. */
  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.dispatcher.stop();
    for (const supervisor of this.supervisors) await supervisor.stop();
    await this.inbound.stop();
  }
}
