import { asLang } from '../i18n';
import { z } from 'zod';
import { defineCommand, UserError } from '../commands/types';
import type { Lang } from '../i18n';
import { updateGroupSettings } from './org.service';
import { recordAudit } from './audit';
import { orgTexts, settingHints } from './org.text';
import { settingLabel } from './org-labels';
import { effectiveSettings, INT_RANGES, isSettingKey, SETTING_KEYS, timesInOrder, validateSetting } from './settings';
import type { SettingKey } from './settings';
import { targetGroup } from './authz.group';

function hintFor(lang: Lang, key: SettingKey): string {
  const h = settingHints(lang);
  if (key === 'tz') return h.tz();
  if (key === 'checkin.remind') return h.times();
  if (key === 'checkin.days') return h.days();
  if (key === 'checkin.summary') return h.summary();
  if (key === 'lang') return h.lang();
  if (key === 'checkin.prompt' || key === 'checkin.deadline') return h.time();
  const [min, max] = INT_RANGES[key as keyof typeof INT_RANGES] ?? [0, 0];
  return h.number(min, max);
}

export const settings = defineCommand({
  name: 'settings',
  aliases: ['设置'],
  access: ['secretary', 'leader'],
  usage: { zh: '/settings [键 值] [group=党小组]', en: '/settings [KEY VALUE] [group=GROUP]' },
  summary: { zh: '查看或修改本组设置', en: "show or change the group's settings" },
  input: (a) => ({ key: a.positional[0], value: a.positional.slice(1).join(' ') || undefined, group: a.named.group }),
  args: z.object({ key: z.string().optional(), value: z.string().optional(), group: z.string().optional() }),
  run: async (ctx, a) => {
    const t = orgTexts(ctx.lang);
    const group = await targetGroup(ctx, a.group);
    if (!a.key) {
      const current = effectiveSettings(group.settings);
      const lines = SETTING_KEYS.map(
        (k) => `${k} = ${current[k]}${ctx.lang === 'en' ? ` (${settingLabel('en', k)})` : `（${settingLabel('zh', k)}）`}`,
      ).join('\n');
      return [{ text: t.settingsShow(group.name, lines) }];
    }
    if (!isSettingKey(a.key)) throw new UserError(t.settingUnknown(a.key, SETTING_KEYS.join(', ')));
    if (a.value === undefined)
      throw new UserError(t.settingNoValue(a.key, String(effectiveSettings(group.settings)[a.key]), hintFor(ctx.lang, a.key)));
    const checked = validateSetting(a.key, a.value);
    if (!checked.ok) throw new UserError(t.settingBad(a.key, a.value, hintFor(ctx.lang, a.key)));
    const next = { ...group.settings, [a.key]: checked.value };
    const order = a.key === 'checkin.prompt' || a.key === 'checkin.deadline' ? timesInOrder(next) : { ok: true as const };
    if (!order.ok) {
      const h = settingHints(ctx.lang);
      const hint = a.key === 'checkin.prompt' ? h.beforeDeadline(order.deadline) : h.afterPrompt(order.prompt);
      throw new UserError(t.settingBad(a.key, a.value, hint));
    }
    await updateGroupSettings(ctx.db, group.id, next);
    await recordAudit(ctx, { action: 'settings', groupId: group.id, detail: { key: a.key, value: checked.value } });
    // In the classroom, a new language is confirmed in that language: the group reads it from now on.
    const confirm = a.key === 'lang' && ctx.chat.kind === 'group' ? orgTexts(asLang(checked.value)) : t;
    return [{ text: confirm.settingChanged(a.key, checked.value) }];
  },
});
