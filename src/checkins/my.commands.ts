import { joinList } from '../i18n';
import { usageError } from '../commands/usage-error';
import { z } from 'zod';
import type { MemberContext, Reply } from '../commands/types';
import { defineCommand, UserError } from '../commands/types';
import { homeGroupId, isLeader, isSecretary } from '../org/identity';
import { getGroup, groupRoster, memberSince } from '../org/org.service';
import { groupSettings } from '../org/settings';
import { isMonthWord, localDate, MONTH_WORD, monthOf, monthRange, shiftDate } from '../time';
import { dayStatus, reportStreak, summarise } from './attendance';
import { checkinTexts } from './checkins.text';
import { memberReports } from './checkins.service';
import { loadHistories } from './history';
import { groupsInScope } from '../org/authz.group';

async function homeGroupOf(ctx: MemberContext) {
  const groupId = homeGroupId(ctx.actor);
  const group = groupId ? await getGroup(ctx.db, groupId) : null;
  if (!group) throw new UserError(checkinTexts(ctx.lang).noGroup());
  return { ...group, config: groupSettings(group.settings) };
}

export const my = defineCommand({
  name: 'my',
  listedFor: ['member', 'leader'],
  aliases: ['我的'],
  access: 'member',
  params: [{ key: 'days', label: { zh: '天数', en: 'DAYS' }, optional: true }],
  summary: { zh: '我最近的报平安记录、连续天数和漏报日', en: 'your recent check-ins, streak and missed days' },
  args: z.object({ days: z.coerce.number({ error: 'days' }).int({ error: 'days' }).min(1, { error: 'days' }).max(90, { error: 'days' }).default(7) }),
  run: async (ctx, a): Promise<Reply[]> => {
    const t = checkinTexts(ctx.lang);
    const group = await homeGroupOf(ctx);
    const today = localDate(ctx.now, group.config.tz);
    const from = shiftDate(today, -(a.days - 1));
    const joined = new Map([[ctx.actor.memberId, localDate(await memberSince(ctx.db, ctx.actor.memberId), group.config.tz)]]);
    const window = [shiftDate(today, -365), today] as const;
    const history = (await loadHistories(ctx.db, [ctx.actor.memberId], ...window, group.config.days, joined)).get(ctx.actor.memberId);
    if (!history) return [];
    const reports = await memberReports(ctx.db, ctx.actor.memberId, from, today);
    const missed: string[] = [];
    for (let d = from; d <= today; d = shiftDate(d, 1)) if (dayStatus(history, d, today) === 'missed') missed.push(d);
    const lines = reports.map((r) => t.myLine({ date: r.localDate, text: `${r.rawText}${r.late ? t.flagLate() : ''}` }));
    const header = t.myHeader({ days: a.days, streak: reportStreak(history, today), missed: joinList(ctx.lang, missed) || t.none() });
    return [{ text: [header, ...lines].join('\n'), private: true }];
  },
});

const ATTENDANCE_USAGE = { zh: '/attendance [YYYY-MM] [党小组]', en: '/attendance [YYYY-MM] [GROUP]' };

export const attendance = defineCommand({
  name: 'attendance',
  aliases: ['考勤'],
  access: 'member',
  usage: ATTENDANCE_USAGE,
  summary: {
    zh: '月度考勤：应报日、已报、补报、请假、漏报（组员只看自己）',
    en: 'monthly attendance: required, checked in, late, leave, missed (a member sees their own)',
  },
  input: (a) => {
    const isMonth = (p: string) => MONTH_WORD.test(p);
    return { month: a.positional.find(isMonth), group: a.positional.filter((p) => !isMonth(p)).join(' ') || undefined };
  },
  args: z.object({ month: z.string().refine(isMonthWord, { error: 'month' }).optional(), group: z.string().optional() }),
  run: async (ctx, a) => {
    const t = checkinTexts(ctx.lang);
    const manager = isSecretary(ctx.actor) || isLeader(ctx.actor);
    if (!manager && a.group) throw usageError(ctx.lang, t.ownAttendanceOnly(), ATTENDANCE_USAGE);
    const groups = manager ? await groupsInScope(ctx, a.group) : [await homeGroupOf(ctx)];
    const lines: string[] = [];
    let month: string | undefined;
    for (const group of groups) {
      const today = localDate(ctx.now, group.config.tz);
      month ??= (a.month && monthOf(a.month, today)) || today.slice(0, 7);
      const { from, to } = monthRange(month);
      const roster = (await groupRoster(ctx.db, [group.id])).filter((m) => manager || m.memberId === ctx.actor.memberId);
      const joined = new Map(roster.map((m) => [m.memberId, localDate(m.createdAt, group.config.tz)]));
      const histories = await loadHistories(
        ctx.db,
        roster.map((m) => m.memberId),
        from,
        to,
        group.config.days,
        joined,
      );
      const end = to < today ? to : today;
      for (const m of roster) {
        const h = histories.get(m.memberId);
        if (h) lines.push(t.attendanceLine({ name: m.name, ...summarise(h, from, end, today) }));
      }
    }
    return [{ text: [t.attendanceHeader(month ?? ''), ...lines].join('\n'), private: true }];
  },
});
