import { describe, expect, it } from 'vitest';
import { splitCheckinArgs } from '../src/checkins/checkins.commands';
import { leadingReportDay, reportDay } from '../src/checkins/report-day';
import { monthOf } from '../src/time';

describe('the day a report is for, as people write it', () => {
  it.each([
    ['2026-12-01', '2026-12-01'],
    ['2026/12/1', '2026-12-01'],
    ['2026-12-1', '2026-12-01'],
    ['12-01', '2026-12-01'],
    ['12/1', '2026-12-01'],
    ['12月1日', '2026-12-01'],
    ['12月1号', '2026-12-01'],
    ['1号', '2026-12-01'],
    ['30日', '2026-11-30'],
    ['昨天', '2026-12-01'],
    ['前天', '2026-11-30'],
    ['今天', '2026-12-02'],
    ['yesterday', '2026-12-01'],
    ['Dec 1', '2026-12-01'],
    ['Nov 30th', '2026-11-30'],
    ['3号', '2026-12-03'],
    ['12-32', null],
    ['2月30日', null],
  ])('%s on 2026-12-02 is %s', (word, day) => {
    expect(reportDay(word, '2026-12-02')).toBe(day);
  });

  it('a day without a year is the nearest one: 12-31 written on 2 January is last year', () => {
    expect(reportDay('12-31', '2027-01-02')).toBe('2026-12-31');
    expect(reportDay('31号', '2027-01-02')).toBe('2026-12-31');
  });

  it('only a date-shaped first word is taken as the day; a place is left alone', () => {
    expect(leadingReportDay('12月1日 云南曲靖 在岗')).toEqual({ word: '12月1日', rest: '云南曲靖 在岗' });
    expect(leadingReportDay('云南曲靖 在岗')).toBeNull();
    expect(leadingReportDay('3号矿区 在岗')).toBeNull();
    expect(splitCheckinArgs('@ 刘川 昨天 四川 在岗')).toEqual({ proxyName: '刘川', date: '昨天', text: '四川 在岗' });
    expect(splitCheckinArgs('Dec 1 Qujing on duty')).toEqual({ date: 'Dec 1', text: 'Qujing on duty' });
  });
});

describe('a month as people write it', () => {
  it.each([
    ['2026-12', '2026-12'],
    ['2026/1', '2026-01'],
    ['2026年12月', '2026-12'],
    ['12月', '2025-12'],
    ['11月', '2026-11'],
    ['13月', null],
    ['2026-13', null],
  ])('%s in November 2026 is %s', (word, month) => {
    expect(monthOf(word, '2026-11-30')).toBe(month);
  });
});
