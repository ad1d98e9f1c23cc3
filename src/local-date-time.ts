import { isValidLocalDate, zonedInstant } from './time';

const DATE_TIME = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[\sT\u3000]+(\d{1,2})[:：](\d{2}))?$/;
const pad = (n: number) => String(n).padStart(2, '0');

export type LocalDateTime = { at: Date; date: string; time: string };

/**
 * "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" as written on the wall clock of `tz`. A bare date means the end of that
 * day (23:59) — what people mean by "deadline 12-05" — unless a time is required (meetings).
 */
export function parseLocalDateTime(text: string, tz: string, opts: { requireTime?: boolean } = {}): LocalDateTime | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const date = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
  if (!isValidLocalDate(date)) return null;
  if (m[4] === undefined || m[5] === undefined) {
    if (opts.requireTime) return null;
    return { at: zonedInstant(date, '23:59', tz), date, time: '23:59' };
  }
  const hours = Number(m[4]);
  const minutes = Number(m[5]);
  if (hours > 23 || minutes > 59) return null;
  const time = `${pad(hours)}:${pad(minutes)}`;
  return { at: zonedInstant(date, time, tz), date, time };
}

/** Splits "2026-12-08 20:00 rest of text" into the date-time and the rest; null when it does not start so. */
export function leadingDateTime(text: string): { dateTime: string; rest: string } | null {
  const m = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[\sT\u3000]+\d{1,2}[:：]\d{2})?)(?:[\s\u3000]+|$)/.exec(text.trim());
  if (!m?.[1]) return null;
  return { dateTime: m[1], rest: text.trim().slice(m[0].length).trim() };
}
