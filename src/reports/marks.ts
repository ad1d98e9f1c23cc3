import type { DayStatus } from '../checkins/attendance';
import type { Lang } from '../i18n';
import { weekdayOf } from '../time';
import type { LocalDate } from '../time';

/** What one member's day was, as the matrix and the attendance sheet show it; 'none' = not in the group then. */
export type DayMark = DayStatus | 'none';

export const MARK_ORDER: readonly DayMark[] = ['reported', 'late', 'leave', 'missed', 'rest', 'open', 'none'];

const MARKS: Record<Lang, Record<DayMark, { cell: string; label: string }>> = {
  zh: {
    reported: { cell: '报', label: '已报' },
    late: { cell: '迟', label: '补报' },
    leave: { cell: '假', label: '请假' },
    missed: { cell: '缺', label: '漏报' },
    rest: { cell: '－', label: '非应报日' },
    open: { cell: '', label: '未截止' },
    none: { cell: '', label: '未在组' },
  },
  en: {
    reported: { cell: 'R', label: 'reported' },
    late: { cell: 'L', label: 'late' },
    leave: { cell: 'A', label: 'on leave' },
    missed: { cell: 'M', label: 'missed' },
    rest: { cell: '-', label: 'not required' },
    open: { cell: '', label: 'still open' },
    none: { cell: '', label: 'not in group' },
  },
};

export const MARK_COLOURS: Record<DayMark, string> = {
  reported: '#52a86b',
  late: '#e3b341',
  leave: '#6a9fd8',
  missed: '#d9534f',
  rest: '#eeeeee',
  open: '#ffffff',
  none: '#ffffff',
};

export const markCell = (lang: Lang, mark: DayMark): string => MARKS[lang][mark].cell;
export const markLabel = (lang: Lang, mark: DayMark): string => MARKS[lang][mark].label;

/** 一 … 日, as a Chinese calendar prints the day of the week. */
export const weekdayZh = (date: LocalDate): string => '日一二三四五六'[weekdayOf(date)] ?? '';
