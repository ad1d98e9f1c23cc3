import pino from 'pino';
import type { Logger } from 'pino';

/** Structured logs on stderr; tokens and secrets are redacted wherever they appear as fields. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['token', '*.token', 'secret', '*.secret', 'config.telegramBotToken', 'config.wechatyToken', 'config.webhookSecret', 'url'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

export const silentLogger = (): Logger => pino({ level: 'silent' });

/** Replaces any occurrence of the given secrets in a text (error messages can carry URLs with tokens). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  return out;
}
