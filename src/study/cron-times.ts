import cron from 'node-cron';
import { localDate, shiftDate, weekdayOf, zonedInstant } from '../time';

/** A cron expression expanded to the minutes, hours, days, months and weekdays it fires on. */
export type CronPlan = { minutes: number[]; hours: number[]; days: number[]; months: number[]; weekdays: number[] };

const numbers = (xs: (number | string)[]): number[] | null => (xs.every((x) => typeof x === 'number') ? (xs as number[]) : null);
const pad = (n: number) => String(n).padStart(2, '0');
const DAY_MS = 86_400_000;

/**
 * Reads a node-cron expression (5 fields, or 6 with seconds = 0; names like TUE allowed) through node-cron's
 * own parser. The scheduler ticks once a minute, so second-level and L/W/# forms are refused (null).
 * Days of month and of week must both match, as node-cron itself matches them.
 */
export function parseCron(expression: string): CronPlan | null {
  const text = expression.trim().replace(/\s+/g, ' ');
  if (!text || !cron.validate(text)) return null;
  let f: ReturnType<typeof cron.parse>;
  try {
    f = cron.parse(text);
  } catch {
    return null;
  }
  if (f.second.length !== 1 || f.second[0] !== 0) return null;
  const days = numbers(f.dayOfMonth);
  const weekdays = numbers(f.dayOfWeek);
  if (!days || !weekdays) return null;
  return { minutes: [...f.minute].sort((a, b) => b - a), hours: [...f.hour].sort((a, b) => b - a), days, months: f.month, weekdays };
}

function firesOn(plan: CronPlan, date: string): boolean {
  const [, month, day] = date.split('-').map(Number) as [number, number, number];
  return plan.months.includes(month) && plan.days.includes(day) && plan.weekdays.includes(weekdayOf(date));
}

/** Firing instants of one local day, latest first. */
function instantsOn(plan: CronPlan, date: string, tz: string): Date[] {
  if (!firesOn(plan, date)) return [];
  const out: Date[] = [];
  for (const h of plan.hours) for (const m of plan.minutes) out.push(zonedInstant(date, `${pad(h)}:${pad(m)}`, tz));
  return out;
}

/** The latest firing at or before `now` and no older than `withinMs`, in the wall clock of `tz`; null if none. */
export function latestRun(plan: CronPlan, tz: string, now: Date, withinMs: number): Date | null {
  const today = localDate(now, tz);
  const days = Math.ceil(withinMs / DAY_MS) + 1;
  for (let i = 0; i <= days; i++) {
    for (const at of instantsOn(plan, shiftDate(today, -i), tz)) {
      if (at.getTime() > now.getTime()) continue;
      return now.getTime() - at.getTime() <= withinMs ? at : null;
    }
  }
  return null;
}

/** The next firing strictly after `after` (looking a year ahead); null when the expression never fires. */
export function nextRun(plan: CronPlan, tz: string, after: Date): Date | null {
  const today = localDate(after, tz);
  for (let i = 0; i <= 366; i++) {
    const found = instantsOn(plan, shiftDate(today, i), tz)
      .reverse()
      .find((at) => at.getTime() > after.getTime());
    if (found) return found;
  }
  return null;
}
