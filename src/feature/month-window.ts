import { localDate, shiftDate, zonedInstant } from '../time';
import type { SheetQuery } from './sheet';

/**
 * The month for rows that keep the zone they were written in, which may differ from the export's `tz`. The SQL
 * prefilter (`start` ≤ t < `end`) reaches a day beyond the month on both sides of `tz`'s clock; `contains` then
 * keeps the rows whose own local date is in the month.
 */
export function monthWindow({ from, to, tz }: Pick<SheetQuery, 'from' | 'to' | 'tz'>) {
  return {
    start: zonedInstant(shiftDate(from, -1), '00:00', tz),
    end: zonedInstant(shiftDate(to, 2), '00:00', tz),
    contains(at: Date, rowTz: string): boolean {
      const d = localDate(at, rowTz);
      return d >= from && d <= to;
    },
  };
}
