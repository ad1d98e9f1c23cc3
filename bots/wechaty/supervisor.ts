import type { Logger } from 'pino';
import { qrcodeValueToImageUrl, ScanStatus } from 'wechaty';
import type { Wechaty } from 'wechaty';
import { guarded } from '../shared/guard';
import { UpWaiters } from '../shared/up-waiters';
import { classifyError, errorText, isConfigError } from './errors';
import { reachable } from './probe';
import { startupTexts } from './wechaty.text';

/** How long a shown QR code keeps the supervisor from restarting the puppet. */
const QR_PATIENCE_MS = 5 * 60_000;

export type SupervisorOptions = {
  bot: Wechaty;
  log: Logger;
  /** Scrubbed from every logged or thrown text (the service echoes a wrong token back). */
  secrets: string[];
  /** host:port of the puppet service, for messages and the reachability probe; undefined for other puppets. */
  endpoint?: string;
  loginTimeoutMs: number;
  retryMinMs: number;
  retryMaxMs: number;
};

/**
 * Keeps the Wechaty link up. `bot.start()` never rejects: a wrong token, a TLS mismatch or a dead endpoint
 * only shows as `error` events and a missing `login`, so start-up waits for `login` itself and fails with a
 * clear message. Later, PuppetService never reconnects on its own when the gRPC stream drops (its watchdog
 * gives up if the server is still down when it fires), so on a link error or logout this restarts the puppet
 * with back-off — after a cheap TCP probe, as a start against a dead server hangs for 5 s — until `login`.
 */
export class LinkSupervisor {
  /** Logged in with a live link: sends may go out. */
  up = false;
  private everUp = false;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private lastError = 'none';
  private downSince = 0;
  private lastScanAt = 0;
  private recovering: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private fatal: ((err: Error) => void) | undefined;
  private loggedIn: (() => void) | undefined;
  private readonly upWaiters = new UpWaiters();
  private readonly guard: (fn: () => void) => void;

  constructor(private readonly opts: SupervisorOptions) {
    const { bot } = opts;
    this.guard = guarded(opts.log, 'wechaty: event handler failed', (err) => this.text(err));
    bot.on('scan', (qrcode, status) => this.guard(() => this.onScan(qrcode, status)));
    bot.on('login', (user) => this.guard(() => this.onLogin(user.name() || user.id)));
    bot.on('logout', (_user, reason) => this.guard(() => this.onDown(`logout${reason ? `: ${reason}` : ''}`)));
    bot.on('error', (err) => this.guard(() => this.onError(err)));
  }

  /** Starts the bot and resolves at the first login; rejects (after stopping it) on a setting error or the timeout. */
  async start(): Promise<void> {
    const { bot, loginTimeoutMs } = this.opts;
    if (this.stopped) {
      // A start that failed stopped everything; the runtime is trying again.
      await this.stopped;
      this.stopped = undefined;
      this.stopping = false;
    }
    let timer: NodeJS.Timeout | undefined;
    const outcome = new Promise<void>((resolve, reject) => {
      this.loggedIn = resolve;
      this.fatal = reject;
      timer = setTimeout(() => {
        const seconds = Math.round(loginTimeoutMs / 1000);
        reject(new Error(startupTexts.timeout(this.opts.endpoint ?? 'puppet', seconds, this.lastError)));
      }, loginTimeoutMs);
    });
    this.opts.log.info({ endpoint: this.opts.endpoint }, 'wechaty: starting');
    // Resolves late (≈5 s) when the service refuses us; the outcome decides, not this promise.
    bot.start().catch((err: unknown) => this.guard(() => this.onError(err)));
    try {
      await outcome;
    } catch (err) {
      // Fail at once; stopping waits for Wechaty's pending start (≈5 s) — stop() returns that same promise.
      void this.stop();
      throw err;
    } finally {
      clearTimeout(timer);
      this.loggedIn = undefined;
      this.fatal = undefined;
    }
  }

  /** Resolves when the link is up (now or later), or after `ms`; true when up. */
  waitUp(ms: number): Promise<boolean> {
    return this.upWaiters.wait(() => this.up, ms);
  }

  /** A send failed with this error: if it says the link is gone, reconnect. */
  reportSendError(text: string): void {
    if (classifyError(text) === 'link') this.onDown(`send failed: ${text}`);
  }

  /** Stops reconnecting and stops Wechaty (its timers and the gRPC link). Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      this.up = false;
      this.wake?.();
      this.upWaiters.wakeAll();
      await this.recovering;
      await this.opts.bot.stop().catch((err: unknown) => this.opts.log.warn({ err: this.text(err) }, 'wechaty: stop failed'));
    })();
    return this.stopped;
  }

  private onScan(qrcode: string, status: ScanStatus): void {
    this.lastScanAt = Date.now();
    const state = ScanStatus[status] ?? String(status);
    if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) {
      // Personal-WeChat puppets: someone has to scan this with the bot's phone.
      this.opts.log.warn({ scan: state, qrcodeImage: qrcodeValueToImageUrl(qrcode), qrcode }, 'wechaty: scan the QR code to log in');
    } else {
      this.opts.log.info({ scan: state }, 'wechaty: login QR code');
    }
  }

  private onLogin(name: string): void {
    this.up = true;
    if (this.everUp) {
      this.opts.log.info({ user: name, downMs: Date.now() - this.downSince }, 'wechaty: reconnected');
    } else {
      this.opts.log.info({ user: name }, 'wechaty: logged in');
    }
    this.everUp = true;
    this.loggedIn?.();
    this.upWaiters.wakeAll();
  }

  private onError(err: unknown): void {
    if (this.stopping) return;
    const text = this.text(err);
    const kind = classifyError(text);
    this.lastError = text;
    if (!this.everUp && isConfigError(kind) && this.fatal) {
      // Retrying cannot fix a setting: the runtime stops the process with this message.
      this.fatal(Object.assign(new Error(kind === 'auth' ? startupTexts.auth(text) : startupTexts.tls(text)), { fatal: true }));
      return;
    }
    if (kind === 'link' || (kind === 'auth' && this.everUp)) {
      this.onDown(text);
      return;
    }
    this.opts.log.warn({ err: text }, 'wechaty: error');
  }

  private onDown(why: string): void {
    if (this.stopping) return;
    if (this.up) {
      this.up = false;
      this.downSince = Date.now();
      this.opts.log.warn({ why: this.text(why) }, 'wechaty: link lost; reconnecting');
    } else {
      this.opts.log.debug({ why: this.text(why) }, 'wechaty: link still down');
    }
    this.recovering ??= this.recover()
      .catch((err: unknown) => this.opts.log.error({ err: this.text(err) }, 'wechaty: reconnect loop failed'))
      .finally(() => {
        this.recovering = undefined;
      });
  }

  /** Restart the puppet with back-off until it logs in again (or the adapter stops). */
  private async recover(): Promise<void> {
    const { bot, log, retryMinMs, retryMaxMs } = this.opts;
    for (let attempt = 1; !this.stopping && !this.up; attempt++) {
      await this.sleep(Math.min(retryMinMs * 2 ** Math.min(attempt - 1, 20), retryMaxMs));
      if (this.stopping || this.up) break;
      const puppet = bot.puppet;
      // Someone (our start, the watchdog's reset) is already starting or stopping it: let that finish.
      if (puppet.state.pending()) continue;
      // Running and showing a QR code (a personal-WeChat puppet, or a service whose account is logged out):
      // a restart would only make a new code. Wait for someone to scan it.
      if (puppet.state.active() === true && Date.now() - this.lastScanAt < QR_PATIENCE_MS) {
        log.info({ attempt }, 'wechaty: waiting for the QR code to be scanned');
        continue;
      }
      if (!(await reachable(this.opts.endpoint))) {
        log.info({ attempt, endpoint: this.opts.endpoint }, 'wechaty: endpoint not reachable yet');
        continue;
      }
      log.info({ attempt }, 'wechaty: restarting the puppet');
      try {
        if (puppet.state.active() === true) await puppet.stop();
        if (this.stopping) break;
        await puppet.start();
      } catch (err) {
        this.lastError = this.text(err);
        log.warn({ attempt, err: this.lastError }, 'wechaty: restart failed');
      }
      await this.waitUp(5_000);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private text(err: unknown): string {
    return errorText(err, this.opts.secrets);
  }
}
