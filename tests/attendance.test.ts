import { describe, expect, it } from 'vitest';
import { PACKAGE_CALENDAR } from '../src/calendar/required-days';
import type { MemberHistory } from '../src/checkins/attendance';
import { reportStreak, silentStreak, summarise } from '../src/checkins/attendance';
import type { LeaveRow } from '../src/leave/leave.service';

const leave = (fromDate: string, toDate: string) => ({ fromDate, toDate, status: 'approved' }) as LeaveRow;
const history = (reported: Record<string, boolean>, leaves: LeaveRow[] = []): MemberHistory => ({
  reported: new Map(Object.entries(reported).map(([d, late]) => [d, { late }])),
  leave: leaves,
  rule: 'workdays',
  calendar: PACKAGE_CALENDAR,
});

describe('attendance over the National Day fortnight (9-28..10-11, 10-10 a make-up Saturday)', () => {
  const h = history({ '2026-09-28': false, '2026-09-30': true, '2026-10-08': false, '2026-10-10': false }, [leave('2026-10-09', '2026-10-09')]);

  it('counts required, reported, late, leave and missed days', () => {
    expect(summarise(h, '2026-09-28', '2026-10-11', '2026-10-12')).toEqual({ required: 5, reported: 4, late: 1, leave: 1, missed: 1 });
  });

  it('today is still open, not missed', () => {
    expect(summarise(history({}), '2026-10-12', '2026-10-12', '2026-10-12').missed).toBe(0);
  });

  it('a silence skips holidays and leave, and names the day it began', () => {
    const silent = history({ '2026-09-28': false }, [leave('2026-10-09', '2026-10-09')]);
    expect(silentStreak(silent, '2026-10-10')).toEqual({ days: 4, since: '2026-09-29' });
    expect(silentStreak(history({ '2026-10-10': false }), '2026-10-10')).toEqual({ days: 0, since: null });
    // Someone who joined on 10-9 has been silent two required days (10-9, 10-10), not since September.
    expect(silentStreak(history({}), '2026-10-10', '2026-10-09')).toEqual({ days: 2, since: '2026-10-09' });
    expect(silentStreak(history({}), '2026-10-10', '2026-10-10')).toEqual({ days: 1, since: '2026-10-10' });
  });

  it('the report streak runs back over reported days, skipping days off and leave', () => {
    expect(reportStreak(h, '2026-10-10')).toBe(3);
  });
});
