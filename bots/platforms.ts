import type { Logger } from 'pino';
import type { ChatAdapter, MenuCommand } from '../src/chat/types';
import type { Config } from '../src/config';
import type { LeaseFactory } from '../src/lease/process-lease';
import { telegramFromConfig } from './telegram/from-config';
import type { OtherRoutes } from './telegram/webhook';
import { wecomFromConfig } from './wecom/from-config';
import { wechatyFromConfig } from './wechaty/from-config';
import type { SentBefore } from './wechaty/quote';

/** What the composition root hands the adapters, so none of them builds a registry or opens the database. */
export type PlatformNeeds = {
  /** Every command, for a platform's command menu (Telegram). */
  commands?: readonly MenuCommand[];
  /** Where several instances agree which one holds a single-connection platform (WeCom's official bot). */
  lease?: LeaseFactory;
  /** What else the Telegram webhook's port answers (the health check, when it has no port of its own). */
  otherRoutes?: OtherRoutes;
  /** What the bot sent to WeChat lately, from the outbox: WeChat quotes name no message, only its text. */
  wechatySent?: readonly SentBefore[];
};

/** The chat platforms whose variables are set (Telegram, WeCom/WeChat, WeCom's official bot); none means the console demo. */
export async function platformAdapters(config: Config, log: Logger, needs: PlatformNeeds = {}): Promise<ChatAdapter[]> {
  const adapters: ChatAdapter[] = [];
  const telegram = telegramFromConfig(config, log, needs.commands, needs.otherRoutes);
  if (telegram) adapters.push(telegram);
  const wechaty = await wechatyFromConfig(config, log, needs.wechatySent);
  if (wechaty) adapters.push(wechaty);
  const wecom = await wecomFromConfig(config, log, needs.lease);
  if (wecom) adapters.push(wecom);
  return adapters;
}
