import type { Lang } from '../i18n';

const ROLE_ZH: Record<string, string> = { secretary: '支部书记', leader: '党小组长', member: '组员', volunteer: '志愿者' };
const ROLE_EN: Record<string, string> = { secretary: 'secretary', leader: 'group leader', member: 'member', volunteer: 'volunteer' };
export const roleName = (lang: Lang, role: string): string => (lang === 'en' ? ROLE_EN : ROLE_ZH)[role] ?? role;

/** What a reader calls each member field and setting, so no key like `role` or `checkin.days` sits in a sentence. */
const MEMBER_FIELDS: Record<string, { zh: string; en: string }> = {
  station: { zh: '驻地', en: 'station' },
  status: { zh: '政治面貌', en: 'party status' },
  group: { zh: '所属党小组', en: 'group' },
  role: { zh: '角色', en: 'role' },
  lang: { zh: '语言', en: 'language' },
};

const SETTINGS: Record<string, { zh: string; en: string }> = {
  tz: { zh: '时区', en: 'Time zone' },
  'checkin.prompt': { zh: '每日报平安提醒时间', en: 'Daily check-in prompt' },
  'checkin.remind': { zh: '催报时间', en: 'Reminder times' },
  'checkin.deadline': { zh: '报平安截止时间', en: 'Check-in deadline' },
  'checkin.days': { zh: '应报日', en: 'Check-in days' },
  'checkin.backfill_days': { zh: '可补报天数', en: 'Back-fill days' },
  'checkin.summary': { zh: '晚间小结方式', en: 'Evening summary' },
  'study.min_note_chars': { zh: '学习笔记最少字数', en: 'Shortest study note' },
  'safety.silent_days': { zh: '连续未报提醒天数', en: 'Silent days before an alert' },
  'schedule.grace_hours': { zh: '补发宽限小时数', en: 'Grace hours for late sends' },
  lang: { zh: '群语言', en: 'Group language' },
};

const VALUES: Record<string, { zh: string; en: string }> = {
  workdays: { zh: '法定工作日（含调休）', en: 'statutory workdays' },
  daily: { zh: '每天', en: 'every day' },
  'mon-fri': { zh: '周一至周五', en: 'Monday to Friday' },
  counts: { zh: '只报人数', en: 'counts only' },
  names: { zh: '列出姓名', en: 'with names' },
  zh: { zh: '中文', en: 'Chinese' },
  en: { zh: '英文', en: 'English' },
  党员: { zh: '党员', en: 'Party member' },
  预备党员: { zh: '预备党员', en: 'probationary Party member' },
  群众: { zh: '群众', en: 'non-Party staff' },
};

export const memberFieldLabel = (lang: Lang, key: string): string => MEMBER_FIELDS[key]?.[lang] ?? key;
export const settingLabel = (lang: Lang, key: string): string => SETTINGS[key]?.[lang] ?? key;

/** A stored value as a reader says it: 党小组长 for leader, 每天 for daily; times and names as they are. */
export function valueLabel(lang: Lang, key: string, value: string): string {
  if (key === 'role') return roleName(lang, value);
  if (key === 'tz' || key === 'group' || key === 'station') return value;
  return VALUES[value]?.[lang] ?? value;
}

/** A Latin word or number after Chinese text gets a space before it, as in the rest of the bot's Chinese. */
export const besideHan = (value: string): string => (/^[\x21-\x7e]/.test(value) ? ` ${value}` : value);
