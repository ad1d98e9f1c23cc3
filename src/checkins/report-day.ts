import { isValidLocalDate, shiftDate, typedDate } from '../time';
import type { LocalDate } from '../time';

/** `/checkin`'s usage line, shown again when its day cannot be read. */
export const CHECKIN_USAGE = {
  zh: '/checkin [日期] [@姓名] 地点 状态 备注（如 /checkin 云南曲靖 在岗 一切正常；补报写日期：/checkin 12月1日 云南曲靖 在岗）',
  en: '/checkin [DATE] [@NAME] PLACE STATUS NOTE (e.g. /checkin Qujing on duty all well; to back-fill: /checkin Dec 1 Qujing on duty)',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Tomorrow is read too, so that it is refused as a future day rather than filed as today's place.
const RELATIVE: Record<string, number> = {
  今天: 0,
  今日: 0,
  today: 0,
  昨天: -1,
  昨日: -1,
  yesterday: -1,
  前天: -2,
  明天: 1,
  明日: 1,
  tomorrow: 1,
  后天: 2,
};

/**
 * The ways people write the day a report is for, at the start of `/checkin`: 2026-12-01, 2026/12/1, 12-01, 12/1,
 * 12月1日, 1号, 昨天, Dec 1, yesterday. Anything shaped like a date is taken as one, so a day that does not exist
 * (12-32) is refused rather than stored as the place.
 */
const DAY_AT_START = new RegExp(
  [
    String.raw`\d{4}[-/.]\d{1,2}[-/.]\d{1,2}`,
    String.raw`\d{1,2}[-/.]\d{1,2}`,
    String.raw`(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]?`,
    String.raw`\d{1,2}[日号]`,
    Object.keys(RELATIVE).join('|'),
    String.raw`(?:${MONTHS.join('|')})[a-z]*\.?[\s\u3000]+\d{1,2}(?:st|nd|rd|th)?`,
  ]
    .map((p) => `(?:${p})`)
    .join('|')
    .replace(/^/, '^(')
    .concat(String.raw`)(?:[\s\u3000,，]+|$)`),
  'i',
);

const pad = (n: number) => String(n).padStart(2, '0');

/** Splits a leading day word off `text`; null when the text does not start with one. */
export function leadingReportDay(text: string): { word: string; rest: string } | null {
  const m = DAY_AT_START.exec(text);
  if (!m?.[1]) return null;
  return { word: m[1], rest: text.slice(m[0].length) };
}

/**
 * The day meant: a written year is kept; without one, the nearest such day to today, before or after (12-31 on
 * 2 January is last year's, 3号 on 2 December is tomorrow and refused as a future day). Null for a day that
 * does not exist.
 */
export function reportDay(word: string, today: LocalDate): LocalDate | null {
  const w = word.trim().toLowerCase();
  if (w in RELATIVE) return shiftDate(today, RELATIVE[w] as number);
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  if (/^\d{4}[-/.]/.test(w)) return typedDate(w);
  let m = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/.exec(w);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})$/.exec(w) ?? /^(\d{1,2})月(\d{1,2})[日号]?$/.exec(w);
  if (m) return nearest(today, [valid(year, Number(m[1]), Number(m[2])), valid(year - 1, Number(m[1]), Number(m[2]))]);
  m = /^([a-z]+)\.?[\s\u3000]+(\d{1,2})/.exec(w);
  const named = m ? MONTHS.findIndex((name) => m?.[1]?.startsWith(name)) + 1 : 0;
  if (m && named > 0) return nearest(today, [valid(year, named, Number(m[2])), valid(year - 1, named, Number(m[2]))]);
  m = /^(\d{1,2})[日号]$/.exec(w);
  if (!m) return null;
  const day = Number(m[1]);
  const [y, previous] = month === 1 ? [year - 1, 12] : [year, month - 1];
  return nearest(today, [valid(year, month, day), valid(y, previous, day)]);
}

function valid(year: number, month: number, day: number): LocalDate | null {
  const date = `${year}-${pad(month)}-${pad(day)}`;
  return isValidLocalDate(date) ? date : null;
}

const daysApart = (a: LocalDate, b: LocalDate) => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;

function nearest(today: LocalDate, candidates: (LocalDate | null)[]): LocalDate | null {
  const real = candidates.filter((d): d is LocalDate => d !== null);
  if (real.length === 0) return null;
  return real.reduce((best, d) => (daysApart(d, today) < daysApart(best, today) ? d : best));
}
