/** `/checkin@other_bot …`: Telegram's way of naming which bot a command is for, which people type anywhere. */
const COMMAND_FOR = /^[/／][^\s\u3000@/／]+@([A-Za-z0-9_]+)(?=$|[\s\u3000])/u;

/**
 * A command addressed to another bot: `/cmd@name` where `name` is none of this bot's usernames. On platforms
 * where the bot has no such username (WeChat, WeCom, the console) every `/cmd@name` is someone else's.
 */
export function forAnotherBot(text: string, ownUsernames: readonly string[] = []): boolean {
  const name = COMMAND_FOR.exec(text.replace(/^[\s\u3000]+/, ''))?.[1]?.toLowerCase();
  return name !== undefined && !ownUsernames.some((own) => own.toLowerCase() === name);
}
