import type { Logger } from 'pino';
import type { ChatAdapter } from '../src/chat/types';
import type { Config } from '../src/config';

/** The chat platforms whose variables are set (Telegram, WeCom/WeChat); none means the console demo. */
export async function platformAdapters(_config: Config, _log: Logger): Promise<ChatAdapter[]> {
  return [];
}
