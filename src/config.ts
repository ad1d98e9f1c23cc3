import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** Everything the process reads from its environment, validated once at start. */
export const ConfigSchema = z
  .object({
    DATABASE_URL: optional.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://')
        .optional(),
    ),
    YEMAI_DATA_DIR: optional,
    TELEGRAM_BOT_TOKEN: optional.pipe(
      z
        .string()
        .regex(/^\d+:[\w-]+$/, 'TELEGRAM_BOT_TOKEN looks wrong (digits:letters)')
        .optional(),
    ),
    TELEGRAM_API_ROOT: optional.pipe(z.url().optional()),
    TELEGRAM_WEBHOOK_URL: optional.pipe(z.url().optional()),
    TELEGRAM_WEBHOOK_SECRET: optional.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, 'TELEGRAM_WEBHOOK_SECRET: 1-256 of A-Z a-z 0-9 _ -')
        .optional(),
    ),
    /** The Telegram webhook's port (8080 when unset); without a webhook, set it to serve GET /healthz. */
    PORT: optional.pipe(z.coerce.number<string | undefined>().int().min(1).max(65535).optional()),
    /** Where inbound messages wait while the database is unreachable (default: inbound-journal.ndjson in the data dir). */
    YEMAI_JOURNAL_FILE: optional,
    WECHATY_PUPPET: optional,
    WECHATY_PUPPET_SERVICE_TOKEN: optional,
    WECHATY_PUPPET_SERVICE_ENDPOINT: optional,
    WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: optional,
    WECHATY_PUPPET_SERVICE_TLS_CA_CERT: optional,
    WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME: optional,
    WECHATY_LOGIN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** PuppetService's watchdog: with no event for this long it resets the link. */
    WECHATY_WATCHDOG_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
    /** Longest pause between two reconnect attempts (the back-off starts at 1 s). */
    WECHATY_RECONNECT_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Messages older than this when they arrive (a backlog after an outage) are ignored. */
    WECHATY_STALE_SECONDS: z.coerce.number().int().min(10).max(604_800).default(600),
    /** Pacing: unofficial puppets get accounts banned for bot-like bursts. */
    WECHATY_SEND_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
    WECHATY_SEND_JITTER_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
    WECHATY_SEND_PER_MINUTE: z.coerce.number().int().min(1).max(600).default(20),
    WECHATY_SEND_GLOBAL_PER_SECOND: z.coerce.number().int().min(1).max(100).default(1),
    /** Keeps the login session in `<name>.memory-card.json` (QR-code puppets); unset: no file. */
    WECHATY_NAME: optional,
    /** Wechaty's own log (brolog, stderr, unscrubbed); the adapter logs what matters itself. */
    WECHATY_LOG: z.enum(['silent', 'error', 'warn', 'info', 'verbose', 'silly']).default('silent'),
    /** WeCom's official intelligent bot (API mode, long connection): both from the admin console. */
    WECOM_BOT_ID: optional,
    WECOM_BOT_SECRET: optional,
    /** Private deployments and tests; default wss://openws.work.weixin.qq.com. */
    WECOM_WS_URL: optional.pipe(
      z
        .string()
        .regex(/^wss?:\/\/[^\s]+$/, 'WECOM_WS_URL must start with wss:// (or ws://)')
        .optional(),
    ),
    /** The bot's name in groups ("@叶脉"), comma-separated if it has several; for stripping the mention exactly. */
    WECOM_BOT_NAME: optional,
    WECOM_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    WECOM_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Of several instances on one database only the lease holder connects; it renews the lease while connected. */
    WECOM_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    /** After another connection took the bot id from outside, how long every instance stays away. */
    WECOM_HOLD_OFF_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
    /** How long the audit log keeps an entry (days); older ones are deleted each night. */
    YEMAI_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(36_500).default(365),
    /** Serves GET /healthz here; unset: on PORT when no webhook uses it, else (webhook mode) beside the webhook. */
    HEALTH_PORT: optional.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).optional()),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((c, ctx) => {
    if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'webhook mode needs TELEGRAM_WEBHOOK_SECRET' });
    }
    const servicePuppet = !c.WECHATY_PUPPET || c.WECHATY_PUPPET === 'wechaty-puppet-service';
    if (servicePuppet && c.WECHATY_PUPPET_SERVICE_ENDPOINT && !c.WECHATY_PUPPET_SERVICE_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['WECHATY_PUPPET_SERVICE_TOKEN'], message: 'set WECHATY_PUPPET_SERVICE_TOKEN for the puppet service' });
    }
    if (c.WECHATY_PUPPET_SERVICE_ENDPOINT && !/^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d{1,5}$/.test(c.WECHATY_PUPPET_SERVICE_ENDPOINT)) {
      ctx.addIssue({ code: 'custom', path: ['WECHATY_PUPPET_SERVICE_ENDPOINT'], message: 'WECHATY_PUPPET_SERVICE_ENDPOINT must be host:port' });
    }
    if (
      servicePuppet &&
      c.WECHATY_PUPPET_SERVICE_TOKEN &&
      !c.WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME &&
      c.WECHATY_PUPPET_SERVICE_TOKEN.lastIndexOf('_') <= 0
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECHATY_PUPPET_SERVICE_TOKEN'],
        message: 'the token needs its TLS server name as a prefix (<sni>_…, e.g. insecure_…), or set WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME',
      });
    }
    if (Boolean(c.WECOM_BOT_ID) !== Boolean(c.WECOM_BOT_SECRET)) {
      const missing = c.WECOM_BOT_ID ? 'WECOM_BOT_SECRET' : 'WECOM_BOT_ID';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'the WeCom bot needs both WECOM_BOT_ID and WECOM_BOT_SECRET' });
    }
    if (c.WECHATY_PUPPET_SERVICE_TOKEN && !c.WECHATY_PUPPET_SERVICE_ENDPOINT) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECHATY_PUPPET_SERVICE_ENDPOINT'],
        message: 'set WECHATY_PUPPET_SERVICE_ENDPOINT (host:port); service discovery is not used',
      });
    }
  });

export type Config = z.output<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`配置有误 / invalid configuration:\n${lines}`);
  }
  return parsed.data;
}
