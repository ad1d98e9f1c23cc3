import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookCallback } from 'grammy';
import type { Bot } from 'grammy';
import type { Logger } from 'pino';

/** A request the webhook's port answers besides updates (e.g. GET /healthz); returns true when it did. */
export type OtherRoutes = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

export type WebhookServerOptions = {
  bot: Bot;
  /** Only POSTs to this path are updates; anything else is 404. */
  path: string;
  /** Checked against X-Telegram-Bot-Api-Secret-Token (401 when wrong or missing). */
  secret: string;
  port: number;
  host?: string;
  /** Telegram gets its 200 after this long even if the update is still being handled (it keeps running). */
  answerWithinMs: number;
  otherRoutes?: OtherRoutes;
  log: Logger;
};

/**
 * The webhook endpoint: grammY's callback behind a secret check, with errors contained (a poison update
 * must not be redelivered forever, nor crash the process). While stopping it answers 503, so Telegram
 * keeps the update and delivers it to the next start.
 */
export class WebhookServer {
  private readonly server: http.Server;
  private closing = false;

  constructor(private readonly opts: WebhookServerOptions) {
    const callback = webhookCallback(opts.bot, 'http', {
      secretToken: opts.secret,
      onTimeout: 'return',
      timeoutMilliseconds: opts.answerWithinMs,
    });
    this.server = http.createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method !== 'POST' && opts.otherRoutes?.(req, res)) return;
      if (req.method !== 'POST' || path !== opts.path) {
        res.writeHead(404).end();
        return;
      }
      if (this.closing) {
        res.writeHead(503, { 'retry-after': '5' }).end();
        return;
      }
      callback(req, res).catch((err: unknown) => {
        const badBody = err instanceof SyntaxError;
        opts.log.warn({ err: badBody ? String(err) : err }, badBody ? 'webhook: body is not an update' : 'webhook: update failed');
        if (!res.headersSent) res.writeHead(badBody ? 400 : 500).end();
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Refuses new updates from now on; `close` finishes once `drained` has resolved and sockets are gone. */
  async close(drained: () => Promise<void>): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await drained();
    this.server.closeIdleConnections();
    // Keep-alive sockets with no request in flight close now; a request still being answered finishes first.
    setTimeout(() => this.server.closeAllConnections(), 1000).unref();
    await closed;
  }
}
