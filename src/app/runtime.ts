import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { App } from './app';
import { createApp } from './app';
import { registerAddressing } from '../chat/addressing';
import { replyingHandler } from './serve';
import type { ChatAdapter } from '../chat/types';
import { ControllableClock } from '../clock';
import { ALL_JOBS, onDelivered } from './features';
import { Scheduler } from '../jobs/scheduler';
import { OutboxDispatcher } from '../outbox/dispatcher';
import type { DispatcherOptions } from '../outbox/dispatcher';

export type RuntimeOptions = {
  db: Db;
  log: Logger;
  adapters: ChatAdapter[];
  clock?: ControllableClock;
  dispatcher?: Partial<DispatcherOptions>;
};

/** The running bot: app, adapters, scheduler and outbox dispatcher, started and stopped together. */
export class Runtime {
  readonly app: App;
  readonly clock: ControllableClock;
  readonly scheduler: Scheduler;
  readonly dispatcher: OutboxDispatcher;

  constructor(private readonly opts: RuntimeOptions) {
    this.clock = opts.clock ?? new ControllableClock();
    registerAddressing(opts.adapters);
    const inviteLinks = (code: string) => opts.adapters.flatMap((a) => a.inviteLink?.(code) ?? []);
    this.app = createApp({ db: opts.db, clock: this.clock.now, log: opts.log, inviteLinks });
    this.scheduler = new Scheduler({ db: opts.db, clock: this.clock.now, jobs: ALL_JOBS, log: opts.log });
    this.dispatcher = new OutboxDispatcher({
      db: opts.db,
      clock: this.clock.now,
      adapters: opts.adapters,
      log: opts.log,
      onDelivered,
      ...opts.dispatcher,
    });
  }

  /** Starts the adapters first (so replies can go out), then the clock-driven work. */
  async start(opts: { scheduler?: boolean; dispatcher?: boolean } = {}): Promise<void> {
    for (const adapter of this.opts.adapters) await adapter.start(replyingHandler(this.app, adapter));
    if (opts.dispatcher !== false) this.dispatcher.start();
    if (opts.scheduler !== false) this.scheduler.start();
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
    for (const adapter of this.opts.adapters) await adapter.stop();
  }
}
