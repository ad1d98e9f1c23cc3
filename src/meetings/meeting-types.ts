import type { MeetingMode, MeetingType } from '../../db/schema';
import type { Lang } from '../i18n';

/** How often a type must be held (PRODUCT.md): `perGroup` — every group holds its own. */
export type MeetingRule = { per: 'month' | 'quarter'; min: number; perGroup: boolean };

type TypeInfo = { zh: string; en: string; words: string[]; rule: MeetingRule | null; groupOnly: boolean };

/** 三会一课 and 主题党日: names people type, and the rule each is held to (主题党日 has none in our rules). */
export const MEETING_TYPES: Record<MeetingType, TypeInfo> = {
  general: {
    zh: '支部党员大会',
    en: 'branch general meeting',
    words: ['支部党员大会', '党员大会', '支部大会', 'general'],
    rule: { per: 'quarter', min: 1, perGroup: false },
    groupOnly: false,
  },
  committee: {
    zh: '支委会',
    en: 'branch committee meeting',
    words: ['支委会', '支部委员会', '支委', 'committee'],
    rule: { per: 'month', min: 1, perGroup: false },
    groupOnly: false,
  },
  group: {
    zh: '党小组会',
    en: 'Party group meeting',
    words: ['党小组会', '小组会', 'group'],
    rule: { per: 'month', min: 1, perGroup: true },
    groupOnly: true,
  },
  lecture: { zh: '党课', en: 'Party lecture', words: ['党课', 'lecture'], rule: { per: 'quarter', min: 1, perGroup: false }, groupOnly: false },
  themed: { zh: '主题党日', en: 'themed Party day', words: ['主题党日', '党日', 'themed'], rule: null, groupOnly: false },
};
export const TYPE_ORDER: MeetingType[] = ['general', 'committee', 'group', 'lecture', 'themed'];

export const MEETING_MODES: Record<MeetingMode, { zh: string; en: string; words: string[] }> = {
  onsite: { zh: '现场', en: 'on site', words: ['现场', '主课堂', 'onsite', 'on-site'] },
  video: { zh: '视频', en: 'video', words: ['视频', '线上', 'video', 'online'] },
  relay: { zh: '传达', en: 'relay', words: ['传达', '小组传达', 'relay'] },
};

export function parseMeetingType(word: string | undefined): MeetingType | null {
  const w = word?.trim().toLowerCase();
  return (TYPE_ORDER.find((t) => MEETING_TYPES[t].words.includes(w ?? '')) ?? null) as MeetingType | null;
}

export function parseMeetingMode(word: string | undefined): MeetingMode | null {
  const w = word?.trim().toLowerCase() ?? '';
  return ((Object.keys(MEETING_MODES) as MeetingMode[]).find((m) => MEETING_MODES[m].words.includes(w)) ?? null) as MeetingMode | null;
}

export const typeName = (lang: Lang, type: MeetingType): string => MEETING_TYPES[type][lang];
export const modeName = (lang: Lang, mode: MeetingMode): string => MEETING_MODES[mode][lang];
/** The types to choose from, for a refusal: Chinese names, or the English words (the Chinese ones work too). */
export const typeChoices = (lang: Lang): string =>
  lang === 'en' ? TYPE_ORDER.map((t) => MEETING_TYPES[t].words.at(-1)).join(', ') : TYPE_ORDER.map((t) => MEETING_TYPES[t].zh).join('、');
