import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** Everything the process reads from its environment, validated once at start. */
export const ConfigSchema = z
  .object({
    DATABASE_URL: optional.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://').optional()),
    YEMAI_DATA_DIR: optional,
    TELEGRAM_BOT_TOKEN: optional.pipe(z.string().regex(/^\d+:[\w-]+$/, 'TELEGRAM_BOT_TOKEN looks wrong (digits:letters)').optional()),
    TELEGRAM_API_ROOT: optional.pipe(z.url().optional()),
    TELEGRAM_WEBHOOK_URL: optional.pipe(z.url().optional()),
    TELEGRAM_WEBHOOK_SECRET: optional.pipe(
      z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'TELEGRAM_WEBHOOK_SECRET: 1-256 of A-Z a-z 0-9 _ -').optional(),
    ),
    PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    WECHATY_PUPPET: optional,
    WECHATY_PUPPET_SERVICE_TOKEN: optional,
    WECHATY_PUPPET_SERVICE_ENDPOINT: optional,
    WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: optional,
    WECHATY_PUPPET_SERVICE_TLS_CA_CERT: optional,
    WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME: optional,
    WECHATY_LOGIN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((c, ctx) => {
    if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'webhook mode needs TELEGRAM_WEBHOOK_SECRET' });
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
