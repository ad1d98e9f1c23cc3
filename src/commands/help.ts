import { z } from 'zod';
import { groupAddressing } from '../chat/addressing';
import { coreTexts } from './commands.text';
import type { CommandRegistry } from './registry';
import { hasRole } from './registry';
import { defineOpenCommand } from './types';
import type { CommandDef } from './types';
import type { Lang } from '../i18n';

const WHO: Record<Lang, [role: string, label: string][]> = {
  zh: [
    ['secretary', '支部书记'],
    ['leader', '党小组长'],
    ['volunteer', '志愿者'],
    ['member', '成员'],
  ],
  en: [
    ['secretary', 'the secretary'],
    ['leader', 'a group leader'],
    ['volunteer', 'a volunteer'],
    ['member', 'a member'],
  ],
};

export const helpLine = (lang: Lang, def: CommandDef): string => `${def.usage[lang]} — ${def.summary[lang]}`;

/** /help is built from the registry, so it lists exactly what the caller may run. */
export function helpCommand(getRegistry: () => CommandRegistry): CommandDef {
  return defineOpenCommand({
    name: 'help',
    aliases: ['帮助'],
    access: 'anyone',
    summary: { zh: '我可用的命令和用法', en: 'the commands you can use, with usage' },
    // Whatever follows /help (a command name, a question) still gets the list.
    input: () => ({}),
    args: z.object({}),
    run: async (ctx) => {
      const t = coreTexts(ctx.lang);
      const registry = getRegistry();
      const actor = ctx.actor;
      const usable = registry.usableBy(actor).filter((d) => d.name !== 'start' && (!d.listedFor || (actor && hasRole(actor, d.listedFor))));
      const newcomer = ctx.lang === 'en' ? 'newcomers' : '新用户';
      const who = actor ? (WHO[ctx.lang].find(([role]) => actor.roles.some((g) => g.role === role))?.[1] ?? '') : newcomer;
      // A bare word that does what a sub-command does (/family = /family list) shares its line: list it once.
      const lines = [...new Set(usable.map((def) => helpLine(ctx.lang, def)))];
      const footer = ctx.actor ? '' : `\n${t.notBound()}`;
      // Where the bot sees only @-mentions in groups, every command there needs the @ form.
      const hint = groupAddressing(ctx.chat.platform) === 'mention' ? `${t.mentionHint()}\n` : '';
      return [{ text: `${hint}${t.helpHeader(who)}\n${lines.join('\n')}${footer}` }];
    },
  });
}
