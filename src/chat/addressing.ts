import type { ChatAdapter, GroupAddressing } from './types';

/**
 * Each platform's way of addressing the bot in a group, as its adapter declares it, so texts that say
 * "reply to this" can say "@ me" where the bot sees nothing else. Filled in when the adapters are composed;
 * a platform never registered (tests without adapters, the console) is 'reply'.
 */
const byPlatform = new Map<string, GroupAddressing>();

export function registerAddressing(adapters: readonly ChatAdapter[]): void {
  for (const a of adapters) byPlatform.set(a.platform, a.groupAddressing ?? 'reply');
}

export const groupAddressing = (platform: string): GroupAddressing => byPlatform.get(platform) ?? 'reply';
