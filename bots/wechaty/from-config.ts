import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../../src/config';
import type { WechatyAdapter, WechatyAdapterOptions, WechatyTls } from './wechaty.adapter';

const SERVICE_PUPPET = 'wechaty-puppet-service';
const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v);

/** The CA certificate as PEM: the variable holds the PEM itself (newlines may be written "\n") or a file path. */
export function caCertFrom(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
  try {
    return readFileSync(value, 'utf8');
  } catch (err) {
    throw new Error(`WECHATY_PUPPET_SERVICE_TLS_CA_CERT: cannot read ${value} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/** Configured when a puppet service token is set, or another puppet is named in WECHATY_PUPPET. */
export function wechatyConfigured(config: Config): boolean {
  return Boolean(config.WECHATY_PUPPET_SERVICE_TOKEN || (config.WECHATY_PUPPET && config.WECHATY_PUPPET !== SERVICE_PUPPET));
}

/**
 * The WeCom/WeChat adapter when its variables are set. Loaded lazily: importing Wechaty costs seconds,
 * which the console demo should not pay.
 */
export async function wechatyFromConfig(
  config: Config,
  log: Logger,
  remembered: WechatyAdapterOptions['remembered'] = [],
): Promise<WechatyAdapter | null> {
  if (!wechatyConfigured(config)) return null;
  const tls: WechatyTls = {
    disable: truthy(config.WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT),
    caCert: caCertFrom(config.WECHATY_PUPPET_SERVICE_TLS_CA_CERT),
    serverName: config.WECHATY_PUPPET_SERVICE_TLS_SERVER_NAME,
  };
  const { WechatyAdapter } = await import('./wechaty.adapter');
  return new WechatyAdapter({
    log: log.child({ platform: 'wechaty' }),
    puppet: config.WECHATY_PUPPET ?? SERVICE_PUPPET,
    token: config.WECHATY_PUPPET_SERVICE_TOKEN,
    endpoint: config.WECHATY_PUPPET_SERVICE_ENDPOINT,
    tls,
    watchdogSeconds: config.WECHATY_WATCHDOG_SECONDS,
    name: config.WECHATY_NAME,
    loginTimeoutMs: config.WECHATY_LOGIN_TIMEOUT_SECONDS * 1000,
    retryMaxMs: config.WECHATY_RECONNECT_MAX_SECONDS * 1000,
    staleAfterMs: config.WECHATY_STALE_SECONDS * 1000,
    pacing: {
      perChatIntervalMs: config.WECHATY_SEND_INTERVAL_MS,
      jitterMs: config.WECHATY_SEND_JITTER_MS,
      perChatPerMinute: config.WECHATY_SEND_PER_MINUTE,
      globalPerSecond: config.WECHATY_SEND_GLOBAL_PER_SECOND,
    },
    wechatyLogLevel: config.WECHATY_LOG,
    remembered,
  });
}
