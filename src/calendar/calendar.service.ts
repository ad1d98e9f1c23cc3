import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calendarDays } from '../../db/schema';
import { datesBetween, monthRange } from '../time';
import type { LocalDate } from '../time';
import type { CalendarEntry, DayKind, WorkCalendar } from './required-days';
import { calendarCoversYear, isRequiredDay, packageCoversYear } from './required-days';

/** The package's schedule with every entry the secretary made; one small table, read once per use. */
export async function loadCalendar(db: Db): Promise<WorkCalendar> {
  const rows = await db.select().from(calendarDays);
  return { entries: new Map(rows.map((r) => [r.localDate, { kind: r.kind, name: r.name }])) };
}

export type NewEntry = { date: LocalDate; kind: DayKind; name: string | null };

/** Enters or corrects days; an existing entry for a date is replaced. Returns how many were new. */
export async function enterDays(db: Db, entries: NewEntry[], by: number | null, now: Date): Promise<{ added: number; changed: number }> {
  if (entries.length === 0) return { added: 0, changed: 0 };
  const known = await loadCalendar(db);
  const added = new Set(entries.filter((e) => !known.entries.has(e.date)).map((e) => e.date)).size;
  // A file may name a date twice: the last line wins, as it would entered one by one.
  const last = [...new Map(entries.map((e) => [e.date, e])).values()];
  await db
    .insert(calendarDays)
    .values(last.map((e) => ({ localDate: e.date, kind: e.kind, name: e.name, enteredBy: by, enteredAt: now })))
    .onConflictDoUpdate({
      target: calendarDays.localDate,
      set: { kind: sql`excluded.kind`, name: sql`excluded.name`, enteredBy: sql`excluded.entered_by`, enteredAt: sql`excluded.entered_at` },
    });
  return { added, changed: entries.length - added };
}

export async function removeDay(db: Db, date: LocalDate): Promise<boolean> {
  const gone = await db.delete(calendarDays).where(eq(calendarDays.localDate, date)).returning({ d: calendarDays.localDate });
  return gone.length > 0;
}

export type YearView = {
  year: number;
  /** The package has the State Council's schedule for the year. */
  fromPackage: boolean;
  /** Either the package or the secretary's entries say which days are worked; otherwise Monday to Friday. */
  known: boolean;
  /** Statutory workdays in each month, January first. */
  perMonth: number[];
  entries: (CalendarEntry & { date: LocalDate })[];
};

/** What `workdays` means for one year: required days per month and the secretary's entries. */
export async function yearView(db: Db, year: number): Promise<YearView> {
  const calendar = await loadCalendar(db);
  const perMonth = Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, '0')}`;
    const { from, to } = monthRange(month);
    return datesBetween(from, to).filter((d) => isRequiredDay(d, 'workdays', calendar)).length;
  });
  const entries = [...calendar.entries]
    .filter(([date]) => date.startsWith(`${year}-`))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, e]) => ({ date, ...e }));
  return {
    year,
    fromPackage: packageCoversYear(year),
    known: calendarCoversYear(year, calendar),
    perMonth,
    entries,
  };
}
