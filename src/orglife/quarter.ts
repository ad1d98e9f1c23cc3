import { localDate, shiftDate, zonedInstant } from '../time';

export type Quarter = { year: number; quarter: number };
export type MonthSpan = { month: string; start: Date; end: Date };

const pad = (n: number) => String(n).padStart(2, '0');

export function quarterOf(date: string): Quarter {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return { year: y, quarter: Math.floor((m - 1) / 3) + 1 };
}

export const currentQuarter = (now: Date, tz: string): Quarter => quarterOf(localDate(now, tz));

/** The quarter's three months as instants on the wall clock of `tz` ([start, end) each). */
export function quarterMonths(q: Quarter, tz: string): MonthSpan[] {
  return [0, 1, 2].map((i) => {
    const m = (q.quarter - 1) * 3 + 1 + i;
    const next = m === 12 ? `${q.year + 1}-01-01` : `${q.year}-${pad(m + 1)}-01`;
    return { month: `${q.year}-${pad(m)}`, start: zonedInstant(`${q.year}-${pad(m)}-01`, '00:00', tz), end: zonedInstant(next, '00:00', tz) };
  });
}

/** The last day of the quarter, as a local date. */
export function quarterLastDay(q: Quarter): string {
  const next = q.quarter === 4 ? `${q.year + 1}-01-01` : `${q.year}-${pad(q.quarter * 3 + 1)}-01`;
  return shiftDate(next, -1);
}

/** `/orglife [year] [quarter]`: "2026 4", "2026 Q4", "2026Q4", "Q4" or "4" (this year), or nothing (now). */
export function parseQuarterArgs(words: string[], now: Quarter): Quarter | null {
  const text = words
    .join(' ')
    .trim()
    .toUpperCase()
    .replace(/第|季度/g, ' ');
  if (!text) return now;
  const m = /^(?:(\d{4})(?:[\s\-年]*)?)?(?:Q?\s*([1-4]))?$/.exec(text.replace(/\s+/g, ' ').trim());
  if (!m || (!m[1] && !m[2])) return null;
  const year = m[1] ? Number(m[1]) : now.year;
  if (year < 2000 || year > 2100) return null;
  return { year, quarter: m[2] ? Number(m[2]) : m[1] ? (now.year === year ? now.quarter : 4) : now.quarter };
}
