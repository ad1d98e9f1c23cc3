import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { MenuCommand } from '../../src/chat/types';
import type { Lang } from '../../src/i18n';

/** Telegram accepts only these names in the menu (the Chinese aliases still work when typed). */
const MENU_NAME = /^[a-z0-9_]{1,32}$/;
/** /start is the deep link's entry, not something to pick from a menu. */
const HIDDEN = new Set(['start']);
const MAX_COMMANDS = 100;
const MAX_DESCRIPTION = 256;

/** One entry per top-level command name, described in one language; sub-commands share their parent's line. */
export function menuCommands(defs: readonly MenuCommand[], lang: Lang): BotCommand[] {
  const byName = new Map<string, MenuCommand[]>();
  for (const def of defs) {
    if (!MENU_NAME.test(def.name) || HIDDEN.has(def.name)) continue;
    byName.set(def.name, [...(byName.get(def.name) ?? []), def]);
  }
  return [...byName].slice(0, MAX_COMMANDS).map(([command, group]) => ({ command, description: describe(group, lang) }));
}

function describe(defs: MenuCommand[], lang: Lang): string {
  const sep = lang === 'en' ? '; ' : '；';
  const text =
    defs.length === 1 && !defs[0]?.sub
      ? (defs[0]?.summary[lang] ?? '')
      : defs.map((d) => (d.sub ? `${d.sub}: ${d.summary[lang]}` : d.summary[lang])).join(sep);
  const clean = text.trim() || '—';
  return clean.length > MAX_DESCRIPTION ? `${clean.slice(0, MAX_DESCRIPTION - 1)}…` : clean;
}

/** The menu in Chinese (also the default for every other language) and in English. */
export async function setCommandMenu(api: Api, defs: readonly MenuCommand[]): Promise<void> {
  const zh = menuCommands(defs, 'zh');
  await api.setMyCommands(zh);
  await api.setMyCommands(zh, { language_code: 'zh' });
  await api.setMyCommands(menuCommands(defs, 'en'), { language_code: 'en' });
}
