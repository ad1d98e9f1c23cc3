import type { Logger } from 'pino';
import type { Config } from '../../src/config';
import type { LeaseFactory } from '../../src/lease/process-lease';
import type { WecomAdapter } from './wecom.adapter';

/**
 * WeCom's official bot when WECOM_BOT_ID and WECOM_BOT_SECRET are set (the config refuses one without the
 * other). Loaded lazily, like the other platforms, so the console demo does not pay for the SDK.
 */
export async function wecomFromConfig(config: Config, log: Logger, lease?: LeaseFactory): Promise<WecomAdapter | null> {
  if (!config.WECOM_BOT_ID || !config.WECOM_BOT_SECRET) return null;
  const { WecomAdapter } = await import('./wecom.adapter');
  return new WecomAdapter({
    log: log.child({ platform: 'wecom' }),
    botId: config.WECOM_BOT_ID,
    secret: config.WECOM_BOT_SECRET,
    wsUrl: config.WECOM_WS_URL,
    botNames: (config.WECOM_BOT_NAME ?? '')
      .split(/[,，]/)
      .map((s) => s.trim())
      .filter(Boolean),
    lease: lease?.(`wecom:${config.WECOM_BOT_ID}`, config.WECOM_LEASE_SECONDS * 1000),
    heartbeatMs: config.WECOM_HEARTBEAT_SECONDS * 1000,
    connectTimeoutMs: config.WECOM_CONNECT_TIMEOUT_SECONDS * 1000,
    holdOffMs: config.WECOM_HOLD_OFF_SECONDS * 1000,
  });
}
