import { CARE_TYPES } from '../../db/schema';
import type { CareType } from '../../db/schema';
import type { Lang } from '../i18n';

/** The Chinese type words are canonical; English words (and a few variants) mean the same. */
const TYPE_WORDS: Record<string, CareType> = {
  ...Object.fromEntries(CARE_TYPES.map((t) => [t, t])),
  visit: '家访',
  'home-visit': '家访',
  need: '问需',
  needs: '问需',
  'parent-child': '亲子',
  kids: '亲子',
  parcel: '快递',
  delivery: '快递',
  car: '用车',
  ride: '用车',
};

const EN_NAMES: Record<CareType, string> = { 家访: 'home visit', 问需: 'need', 亲子: 'parent-child', 快递: 'care parcel', 用车: 'car' };

export const parseCareType = (word: string | undefined): CareType | null => (word ? (TYPE_WORDS[word.toLowerCase()] ?? null) : null);

export const isUrgentType = (type: CareType): boolean => type === '用车';

export const careTypeName = (lang: Lang, type: CareType): string => (lang === 'en' ? EN_NAMES[type] : type);

export const careTypeList = (lang: Lang): string => (lang === 'en' ? 'visit, need, parent-child, parcel, car' : '家访、问需、亲子、快递、用车');
