import type { Logger } from 'pino';
import type { MenuCommand } from '../../src/chat/types';
import type { Config } from '../../src/config';
import { TelegramAdapter } from './telegram.adapter';
import type { OtherRoutes } from './webhook';

/** The webhook's port when PORT is not set. */
export const DEFAULT_PORT = 8080;

/** Telegram sends updates to our webhook (which then serves PORT) rather than being long-polled. */
export const telegramWebhookConfigured = (config: Config): boolean => Boolean(config.TELEGRAM_BOT_TOKEN && config.TELEGRAM_WEBHOOK_URL);

/** The Telegram adapter when TELEGRAM_BOT_TOKEN is set: webhook mode with TELEGRAM_WEBHOOK_URL, else long polling. */
export function telegramFromConfig(
  config: Config,
  log: Logger,
  commands?: readonly MenuCommand[],
  otherRoutes?: OtherRoutes,
): TelegramAdapter | null {
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  const url = config.TELEGRAM_WEBHOOK_URL;
  return new TelegramAdapter({
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    // The config schema refuses a webhook URL without its secret.
    webhook: url ? { url, secret: config.TELEGRAM_WEBHOOK_SECRET as string, port: config.PORT ?? DEFAULT_PORT, otherRoutes } : undefined,
    log,
    commands,
  });
}
