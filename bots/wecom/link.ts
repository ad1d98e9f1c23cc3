import type { WSClient } from '@wecom/aibot-node-sdk';
import type { Logger } from 'pino';
import type { AdapterHealth } from '../../src/chat/types';
import type { Lease } from '../../src/lease/lease';
import { guarded } from '../shared/guard';
import { UpWaiters } from '../shared/up-waiters';
import { authFailureCode, ERRCODE, errorText } from './errors';
import { startupTexts } from './wecom.text';

export type LinkOptions = {
  client: WSClient;
  log: Logger;
  secrets: string[];
  url: string;
  /** Start-up fails when the first subscribe has not succeeded by then. */
  connectTimeoutMs: number;
  /** The SDK's first reconnect delay; it doubles per attempt up to 30 s. */
  reconnectBaseMs: number;
  /** Coordination with other instances on the same database; none: this process always holds the bot. */
  lease?: Lease;
  /** After another connection took the bot id from outside: how long every instance of ours keeps away. */
  holdOffMs: number;
};

const SDK_MAX_RECONNECT_DELAY_MS = 30_000;

/**
 * Keeps the bot's one long connection, and only where it belongs. The SDK subscribes, sends heartbeats and
 * reconnects with back-off by itself; this adds what it leaves out: start-up that fails clearly on rejected
 * credentials (the SDK only emits `error` and retries), a log line for every reconnect attempt, and the
 * lease — of several instances on one database only the holder connects; the others stand by and take
 * over when the lease lapses. A `disconnected_event` means someone else connected with this bot id: the SDK
 * then stays away, and so does every instance of ours for `holdOffMs`, rather than throwing each other out.
 */
export class WecomLink {
  /** Subscribed on a live socket: sends may go out. */
  up = false;
  private everUp = false;
  private holding = false;
  private stopping = false;
  private lastError = 'none';
  private downSince = 0;
  private renewTimer: NodeJS.Timeout | undefined;
  /** Lease statements under way: stop waits for them, so none lands after the release. */
  private readonly leaseCalls = new Set<Promise<unknown>>();
  private standbyTimer: NodeJS.Timeout | undefined;
  private standbyLogged = false;
  private fatal: ((err: Error) => void) | undefined;
  private ready: (() => void) | undefined;
  private readonly upWaiters = new UpWaiters();
  private readonly guard: (fn: () => void) => void;

  constructor(private readonly opts: LinkOptions) {
    const { client } = opts;
    this.guard = guarded(opts.log, 'wecom: event handler failed', (err) => this.text(err));
    // eventemitter3 drops an `error` with no listener silently: this one is always there.
    client.on('error', (err) => this.guard(() => this.onError(err)));
    client.on('authenticated', () => this.guard(() => this.onUp()));
    client.on('disconnected', (reason) => this.guard(() => this.onDown(String(reason))));
    client.on('reconnecting', (attempt) => this.guard(() => this.onReconnecting(attempt)));
    client.on('event.disconnected_event', () => this.guard(() => this.onKicked()));
  }

  /** For the health check: connected, reconnecting (holding the bot), or standing by for another instance. */
  health(): AdapterHealth {
    const state = this.up ? 'connected' : this.holding ? 'reconnecting' : this.stopping ? 'stopped' : 'standby';
    return { connected: this.up, state, lastError: this.lastError === 'none' ? undefined : this.lastError };
  }

  /** Whether this process holds the bot (always, without a lease). */
  get holder(): boolean {
    return this.holding;
  }

  /**
   * Connects when this instance may hold the bot and resolves once subscribed; a standby instance resolves at
   * once and keeps watching the lease. Rejects with a clear, secret-free message on rejected credentials
   * (`fatal`: retrying cannot help) or no connection within the timeout (the runtime may call start again).
   */
  async start(): Promise<void> {
    this.stopping = false;
    const lease = this.opts.lease;
    if (lease && !(await this.leaseCall(() => lease.acquire()))) {
      await this.standBy();
      return;
    }
    this.holding = true;
    const outcome = new Promise<void>((resolve, reject) => {
      this.ready = resolve;
      this.fatal = reject;
    });
    const timer = setTimeout(() => {
      const seconds = Math.round(this.opts.connectTimeoutMs / 1000);
      this.fatal?.(new Error(startupTexts.timeout(this.opts.url, seconds, this.lastError)));
    }, this.opts.connectTimeoutMs);
    this.opts.log.info({ url: this.opts.url }, 'wecom: connecting');
    this.opts.client.connect();
    try {
      await outcome;
      this.keepLease();
    } catch (err) {
      // Everything let go, and ready for another start (the runtime retries one that may succeed later).
      await this.stop();
      throw err;
    } finally {
      clearTimeout(timer);
      this.ready = undefined;
      this.fatal = undefined;
    }
  }

  /** Resolves true once subscribed again, or false after `ms`. */
  waitUp(ms: number): Promise<boolean> {
    return this.upWaiters.wait(() => this.up, ms);
  }

  /** Disconnects, stops watching the lease and lets it go, so a standby can take over at once. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.up = false;
    clearInterval(this.renewTimer);
    clearTimeout(this.standbyTimer);
    this.upWaiters.wakeAll();
    this.disconnect();
    await Promise.allSettled([...this.leaseCalls]);
    // Released even when not holding: a renewal or take-over may have taken it just now (only our own row goes).
    if (this.opts.lease) {
      await this.opts.lease.release().catch((err: unknown) => this.opts.log.warn({ err: this.text(err) }, 'wecom: lease not released'));
    }
    this.holding = false;
  }

  /** Every lease statement goes through here, so stop() can wait for the ones under way. */
  private leaseCall<T>(call: () => Promise<T>): Promise<T> {
    const p = call();
    this.leaseCalls.add(p);
    void p.then(
      () => this.leaseCalls.delete(p),
      () => this.leaseCalls.delete(p),
    );
    return p;
  }

  private disconnect(): void {
    // The SDK logs a warning when asked to disconnect a client it already considers stopped (after a kick).
    if (this.opts.client.isConnected || this.up || this.holding) this.opts.client.disconnect();
  }

  private onUp(): void {
    this.up = true;
    if (this.everUp) this.opts.log.info({ downMs: Date.now() - this.downSince }, 'wecom: reconnected');
    else this.opts.log.info('wecom: connected');
    this.everUp = true;
    this.ready?.();
    this.upWaiters.wakeAll();
  }

  private onDown(reason: string): void {
    if (this.stopping) return;
    if (this.up) {
      this.up = false;
      this.downSince = Date.now();
      this.opts.log.warn({ reason: this.text(reason) }, 'wecom: connection lost');
    }
  }

  private onReconnecting(attempt: number): void {
    if (this.stopping) return;
    const inMs = Math.min(this.opts.reconnectBaseMs * 2 ** Math.max(0, attempt - 1), SDK_MAX_RECONNECT_DELAY_MS);
    this.opts.log.info({ attempt, inMs, lastError: this.lastError }, 'wecom: reconnecting');
  }

  private onError(err: unknown): void {
    if (this.stopping) return;
    const text = this.text(err);
    this.lastError = text;
    const code = authFailureCode(err);
    if (code !== null && code !== ERRCODE.freqLimit) {
      if (!this.everUp && this.fatal) {
        // Retrying cannot fix a setting: the runtime stops the process with this message.
        this.fatal(Object.assign(new Error(startupTexts.auth(text)), { fatal: true }));
        return;
      }
      this.opts.log.error({ err: text }, 'wecom: credentials rejected; check WECOM_BOT_ID and WECOM_BOT_SECRET');
      return;
    }
    this.opts.log.warn({ err: text }, 'wecom: error');
  }

  /** Someone connected with this bot id: the server dropped us, and the SDK will not reconnect. */
  private onKicked(): void {
    if (this.stopping) return;
    this.up = false;
    this.downSince = Date.now();
    clearInterval(this.renewTimer);
    this.opts.log.warn(
      { holdOffMs: this.opts.holdOffMs },
      'wecom: another connection took over this bot id (WECOM_BOT_ID); not reconnecting, standing by',
    );
    const lease = this.opts.lease;
    this.holding = false;
    if (!lease) return;
    void this.leaseCall(() => lease.standAside(`outside (seen by ${lease.holder})`, this.opts.holdOffMs))
      .catch((err: unknown) => this.opts.log.warn({ err: this.text(err) }, 'wecom: lease not updated'))
      .then(() => this.standBy());
  }

  /** While connected, renew the lease; losing it (a long stall let another instance in) means stepping down. */
  private keepLease(): void {
    const lease = this.opts.lease;
    if (!lease) return;
    const every = Math.max(100, Math.floor(lease.ttlMs / 3));
    this.renewTimer = setInterval(() => {
      void this.leaseCall(() => lease.acquire()).then(
        (ours) => {
          if (ours || this.stopping || !this.holding) return;
          this.opts.log.warn('wecom: lease taken by another instance; disconnecting and standing by');
          this.holding = false;
          clearInterval(this.renewTimer);
          this.up = false;
          this.opts.client.disconnect();
          void this.standBy();
        },
        (err: unknown) => this.opts.log.warn({ err: this.text(err) }, 'wecom: lease not renewed (database); keeping the connection'),
      );
    }, every);
  }

  private async standBy(): Promise<void> {
    const lease = this.opts.lease;
    if (!lease || this.stopping) return;
    if (!this.standbyLogged) {
      const held = await lease.current().catch(() => null);
      this.opts.log.info({ holder: held?.holder, until: held?.expiresAt }, 'wecom: another instance holds the bot; standing by');
      this.standbyLogged = true;
    }
    // Half the lease's time: a lapsed lease is taken over within that.
    this.standbyTimer = setTimeout(() => void this.tryTakeOver(), Math.max(100, Math.floor(lease.ttlMs / 2)));
  }

  private async tryTakeOver(): Promise<void> {
    const lease = this.opts.lease;
    if (!lease || this.stopping) return;
    const ours = await this.leaseCall(() => lease.acquire()).catch((err: unknown) => {
      this.opts.log.warn({ err: this.text(err) }, 'wecom: lease check failed');
      return false;
    });
    if (!ours || this.stopping) {
      await this.standBy();
      return;
    }
    this.holding = true;
    this.standbyLogged = false;
    this.opts.log.info('wecom: the lease is ours; connecting');
    this.opts.client.connect();
    this.keepLease();
  }

  private text(err: unknown): string {
    return errorText(err, this.opts.secrets);
  }
}
