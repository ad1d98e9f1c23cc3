import { localDateArg } from '../commands/hygiene';
import { z } from 'zod';
import { defineCommand } from '../commands/types';
import { usageError } from '../commands/usage-error';
import { callerZone } from '../org/caller-zone';
import { recordAudit } from '../org/audit';
import { DATE_WINDOW, localDate } from '../time';
import { enterDays, removeDay, yearView } from './calendar.service';
import { calendarTexts } from './calendar.text';
import { dayKindFromWord } from './required-days';

const CALENDAR = { name: 'calendar', aliases: ['日历'], access: ['secretary'] as const };
const SHOW_USAGE = { zh: '/calendar [年份]（如 /calendar 2027）', en: '/calendar [YEAR] (e.g. /calendar 2027)' };
const ADD_USAGE = {
  zh: '/calendar add 日期 holiday|workday [名称]（holiday 放假，workday 调休上班；如 /calendar add 2027-02-07 workday 春节调休）',
  en: '/calendar add DATE holiday|workday [NAME] (e.g. /calendar add 2027-02-07 workday Spring Festival make-up)',
};

export const calendarShow = defineCommand({
  ...CALENDAR,
  usage: SHOW_USAGE,
  summary: { zh: '一年的应报日（每月天数）和录入的放假、调休', en: "a year's required days (per month) and the entered holidays and make-up days" },
  input: (a) => ({ year: a.positional[0], extra: a.positional.length > 1 }),
  args: z.object({ year: z.string().optional(), extra: z.boolean() }),
  run: async (ctx, a) => {
    const thisYear = Number(localDate(ctx.now, await callerZone(ctx)).slice(0, 4));
    const year = a.year === undefined ? thisYear : Number(a.year);
    const inWindow = /^\d{4}$/.test(a.year ?? String(year)) && year >= DATE_WINDOW.firstYear && year <= thisYear + DATE_WINDOW.yearsAhead;
    if (a.extra || !inWindow) throw usageError(ctx.lang, calendarTexts(ctx.lang).badYear(), SHOW_USAGE);
    return [{ text: calendarTexts(ctx.lang).view(await yearView(ctx.db, year)) }];
  },
});

export const calendarAdd = defineCommand({
  ...CALENDAR,
  sub: 'add',
  subAliases: ['添加', '录入'],
  usage: ADD_USAGE,
  summary: {
    zh: '录入一天放假或调休上班（程序尚无国务院安排的年份）',
    en: 'enter a holiday or a make-up workday (for a year whose schedule the bot does not carry)',
  },
  input: (a) => ({ date: a.positional[0], kind: a.positional[1], name: a.positional.slice(2).join(' ') || undefined }),
  args: z.object({ date: localDateArg, kind: z.string().optional(), name: z.string().max(20).optional() }),
  run: async (ctx, a) => {
    const t = calendarTexts(ctx.lang);
    const kind = dayKindFromWord(a.kind ?? '');
    if (!kind) throw usageError(ctx.lang, t.badKind(), ADD_USAGE);
    const { changed } = await enterDays(ctx.db, [{ date: a.date, kind, name: a.name ?? null }], ctx.actor.memberId, ctx.now);
    const replaced = changed > 0;
    await recordAudit(ctx, { action: 'calendar.add', detail: { date: a.date, kind } });
    return [{ text: t.entered(a.date, kind, a.name ?? null, replaced) }];
  },
});

export const calendarRemove = defineCommand({
  ...CALENDAR,
  sub: 'remove',
  subAliases: ['删除'],
  params: [{ key: 'date', label: { zh: '日期', en: 'DATE' }, take: 'text' }],
  summary: { zh: '删除一天的录入', en: "remove a day's entry" },
  args: z.object({ date: localDateArg }),
  run: async (ctx, a) => {
    const t = calendarTexts(ctx.lang);
    if (!(await removeDay(ctx.db, a.date))) return [{ text: t.notEntered(a.date) }];
    await recordAudit(ctx, { action: 'calendar.remove', detail: { date: a.date } });
    return [{ text: t.removed(a.date) }];
  },
});
