import { defineTexts } from '../i18n';
import type { DayKind } from './required-days';
import type { YearView } from './calendar.service';

const KIND_ZH: Record<DayKind, string> = { holiday: '放假', workday: '调休上班' };
const KIND_EN: Record<DayKind, string> = { holiday: 'holiday', workday: 'make-up workday' };
const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const total = (v: YearView) => v.perMonth.reduce((a, b) => a + b, 0);

export const calendarTexts = defineTexts({
  view: {
    zh: (v: YearView) =>
      [
        `📅 ${v.year} 年的应报日（按法定工作日，含调休）：全年 ${total(v)} 天`,
        v.perMonth.map((n, i) => `${i + 1} 月 ${n} 天`).join('，'),
        v.fromPackage
          ? '依据：国务院放假安排（程序自带）。'
          : v.known
            ? '依据：支部书记录入的放假和调休安排。'
            : '⚠️ 还没有这一年的放假和调休安排，暂按周一至周五计算。',
        v.entries.length
          ? `已录入的日期：\n${v.entries.map((e) => `${e.date} ${KIND_ZH[e.kind]}${e.name ? ` ${e.name}` : ''}`).join('\n')}`
          : '尚未录入任何日期。',
        '录入：/calendar add 日期 holiday（放假）或 workday（调休上班）名称，例如 /calendar add 2027-02-07 workday 春节调休',
      ].join('\n'),
    en: (v: YearView) =>
      [
        `📅 Required days in ${v.year} (statutory workdays, make-up days included): ${total(v)} in all`,
        v.perMonth.map((n, i) => `${MONTH_EN[i]} ${n}`).join(', '),
        v.fromPackage
          ? 'Source: the State Council schedule shipped with the bot.'
          : v.known
            ? 'Source: the holidays and make-up workdays the secretary entered.'
            : '⚠️ No holiday schedule for this year yet: Monday to Friday are counted for now.',
        v.entries.length
          ? `Entered days:\n${v.entries.map((e) => `${e.date} ${KIND_EN[e.kind]}${e.name ? ` ${e.name}` : ''}`).join('\n')}`
          : 'No days entered.',
        'Enter one: /calendar add DATE holiday|workday NAME, e.g. /calendar add 2027-02-07 workday Spring Festival make-up',
      ].join('\n'),
  },
  entered: {
    zh: (date: string, kind: DayKind, name: string | null, replaced: boolean) =>
      `已${replaced ? '改' : '记'}为${KIND_ZH[kind]}：${date}${name ? `（${name}）` : ''}。查看全年：/calendar ${date.slice(0, 4)}`,
    en: (date: string, kind: DayKind, name: string | null, replaced: boolean) =>
      `${date}${name ? ` (${name})` : ''} ${replaced ? 'is now' : 'entered as'} a ${KIND_EN[kind]}. The whole year: /calendar ${date.slice(0, 4)}`,
  },
  removed: {
    zh: (date: string) => `已删除 ${date} 的录入，这一天按国务院安排（或周一至周五）计算。`,
    en: (date: string) => `The entry for ${date} is removed; the day follows the State Council schedule (or Monday to Friday) again.`,
  },
  notEntered: {
    zh: (date: string) => `${date} 没有录入过。查看已录入的日期：/calendar ${date.slice(0, 4)}`,
    en: (date: string) => `Nothing was entered for ${date}. Entered days: /calendar ${date.slice(0, 4)}`,
  },
  badKind: {
    zh: () => '类型应为 holiday（放假）或 workday（调休上班）',
    en: () => 'the kind must be holiday or workday',
  },
  badYear: {
    zh: () => '年份应为 2000 年以后、两年之内的四位数字，例如 2027',
    en: () => 'the year must be four digits, from 2000 to two years from now, e.g. 2027',
  },
  missingNextYear: {
    zh: (year: number) =>
      `📅 ${year} 年的放假和调休安排还没有录入。程序自带的安排只到 ${year - 1} 年，从 ${year} 年 1 月 1 日起将暂按周一至周五计算应报日。` +
      `国务院公布安排后，请逐日录入：/calendar add 日期 holiday（放假）或 workday（调休上班）名称，例如 /calendar add ${year}-01-01 holiday 元旦；` +
      `也可由管理员一次导入：yemai calendar import 文件。`,
    en: (year: number) =>
      `📅 The holidays and make-up workdays for ${year} have not been entered. The schedule shipped with the bot ends with ${year - 1}, ` +
      `so from 1 January ${year} Monday to Friday will count as required days. Once the State Council publishes it, enter each day: ` +
      `/calendar add DATE holiday|workday NAME, e.g. /calendar add ${year}-01-01 holiday New Year's Day; or an administrator imports a file: yemai calendar import FILE.`,
  },
});
