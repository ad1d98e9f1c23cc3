import type { Logger } from 'pino';
import type { ChatAdapter } from '../src/chat/types';
import type { Config } from '../src/config';
import type { Db } from '../db/client';
import { telegramFromConfig } from './telegram/from-config';
import { wecomFromConfig } from './wecom/from-config';
import { wechatyFromConfig } from './wechaty/from-config';

/** The chat platforms whose variables are set (Telegram, WeCom/WeChat, WeCom's official bot); none means the console demo. */
export async function platformAdapters(config: Config, log: Logger, db?: Db): Promise<ChatAdapter[]> {
  const adapters: ChatAdapter[] = [];
  const telegram = telegramFromConfig(config, log);
  if (telegram) adapters.push(telegram);
  const wechaty = await wechatyFromConfig(config, log);
  if (wechaty) adapters.push(wechaty);
  const wecom = await wecomFromConfig(config, log, db);
  if (wecom) adapters.push(wecom);
  return adapters;
}
