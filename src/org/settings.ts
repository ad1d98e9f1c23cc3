import { z } from 'zod';
import type { Lang } from '../i18n';
import { isValidTimeZone } from '../time';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'time' });

/** The whole-number settings and the range each allows (the refusal names the range). */
export const INT_RANGES = {
  'checkin.backfill_days': [0, 31],
  'study.min_note_chars': [1, 2000],
  'safety.silent_days': [1, 30],
  'schedule.grace_hours': [0, 24],
} as const;
const int = (key: keyof typeof INT_RANGES) =>
  z
    .string()
    .regex(/^[+-]?\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(INT_RANGES[key][0]).max(INT_RANGES[key][1]));

/** Every per-group setting: its validation and default. Later features read them through `groupSettings`. */
export const SETTING_SCHEMAS = {
  tz: z.string().refine(isValidTimeZone, { error: 'tz' }),
  'checkin.prompt': hhmm,
  'checkin.remind': z
    .string()
    .transform((s) =>
      s
        .split(/[,，]/)
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .pipe(z.array(hhmm).max(6))
    .transform((list) => [...new Set(list)].sort().join(',')),
  'checkin.deadline': hhmm,
  'checkin.days': z.enum(['workdays', 'daily', 'mon-fri']),
  'checkin.backfill_days': int('checkin.backfill_days'),
  'checkin.summary': z.enum(['counts', 'names']),
  'study.min_note_chars': int('study.min_note_chars'),
  'safety.silent_days': int('safety.silent_days'),
  'schedule.grace_hours': int('schedule.grace_hours'),
  lang: z.enum(['zh', 'en']),
} as const;

export type SettingKey = keyof typeof SETTING_SCHEMAS;
export const SETTING_KEYS = Object.keys(SETTING_SCHEMAS) as SettingKey[];

export const SETTING_DEFAULTS: Record<SettingKey, string> = {
  tz: 'Asia/Shanghai',
  'checkin.prompt': '08:00',
  'checkin.remind': '12:00,18:00',
  'checkin.deadline': '21:00',
  'checkin.days': 'workdays',
  'checkin.backfill_days': '3',
  'checkin.summary': 'counts',
  'study.min_note_chars': '15',
  'safety.silent_days': '2',
  'schedule.grace_hours': '2',
  lang: 'zh',
};

/** Which days a group reports: the statutory calendar (调休 included), every day, or Monday to Friday. */
export type CheckinDays = 'workdays' | 'daily' | 'mon-fri';

export type GroupSettings = {
  tz: string;
  prompt: string;
  reminders: string[];
  deadline: string;
  days: CheckinDays;
  backfillDays: number;
  summary: 'counts' | 'names';
  minNoteChars: number;
  silentDays: number;
  graceHours: number;
  lang: Lang;
};

export const isSettingKey = (key: string): key is SettingKey => key in SETTING_SCHEMAS;

/** Validates one value; returns the normalised string to store, or the problem. */
export function validateSetting(key: SettingKey, value: string): { ok: true; value: string } | { ok: false } {
  const result = SETTING_SCHEMAS[key].safeParse(value);
  return result.success ? { ok: true, value: String(result.data) } : { ok: false };
}

/** A prompt at or after the deadline would ask for reports nobody may send any more. */
export function timesInOrder(stored: Record<string, string>): { ok: true } | { ok: false; prompt: string; deadline: string } {
  const s = effectiveSettings(stored);
  return s['checkin.prompt'] < s['checkin.deadline'] ? { ok: true } : { ok: false, prompt: s['checkin.prompt'], deadline: s['checkin.deadline'] };
}

export function effectiveSettings(stored: Record<string, string>): Record<SettingKey, string> {
  return { ...SETTING_DEFAULTS, ...stored };
}

/** Typed settings for the scheduler and features, defaults filled in. */
export function groupSettings(stored: Record<string, string>): GroupSettings {
  const s = effectiveSettings(stored);
  return {
    tz: s.tz,
    prompt: s['checkin.prompt'],
    reminders: s['checkin.remind'].split(',').filter(Boolean),
    deadline: s['checkin.deadline'],
    days: s['checkin.days'] as CheckinDays,
    backfillDays: Number(s['checkin.backfill_days']),
    summary: s['checkin.summary'] as 'counts' | 'names',
    minNoteChars: Number(s['study.min_note_chars']),
    silentDays: Number(s['safety.silent_days']),
    graceHours: Number(s['schedule.grace_hours']),
    lang: s.lang as Lang,
  };
}
