import { and, asc, between, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { checkins, groups, members } from '../../db/schema';
import { checkinTexts } from './checkins.text';
import { groupSettings } from '../org/settings';
import { formatLocal } from '../time';
import { yesNo, sheetColumns } from '../feature/sheet';
import type { SheetDef } from '../feature/sheet';
import type { SafetyLevel } from './safety/assess';
import { graver } from './safety/day-level';

const proxy = alias(members, 'proxy');
const zh = checkinTexts('zh');
const en = checkinTexts('en');

/** The day's gravest level, as the leader's record keeps it, and whether the member said later that they are well. */
function safetyCell(c: { peakLevel: SafetyLevel; safetyLevel: SafetyLevel }): string {
  // A row from before the day's peak was kept has only its current level.
  const peak = graver(c.peakLevel, c.safetyLevel);
  if (peak === 'none') return '';
  const level = `${zh.levelName(peak)} (${en.levelName(peak)})`;
  return c.safetyLevel === peak ? level : `${level}；后已报平安 (later said well)`;
}

/** The month's daily reports; "reported at" is shown on the clock of the member's group. */
export const checkinsSheet: SheetDef = {
  kind: 'checkins',
  name: '报平安 (check-ins)',
  columns: sheetColumns({
    date: ['日期', 'date', 12],
    member: ['成员', 'member', 14],
    group: ['党小组', 'group', 22],
    place: ['地点', 'place', 22],
    status: ['状态', 'status', 14],
    safety: ['安全', 'safety', 12],
    peak: ['当日最重的报告', 'gravest report that day', 30],
    note: ['备注', 'note', 36],
    late: ['补报', 'late', 8],
    proxyBy: ['代报人', 'proxy by', 14],
    reportedAt: ['报告时间', 'reported at', 18],
  }),
  rows: async ({ db, branchId, from, to, tz }) => {
    const rows = await db
      .select({ c: checkins, member: members.name, group: groups.name, settings: groups.settings, proxyBy: proxy.name })
      .from(checkins)
      .innerJoin(members, eq(members.id, checkins.memberId))
      .innerJoin(groups, eq(groups.id, checkins.groupId))
      .leftJoin(proxy, eq(proxy.id, checkins.proxyBy))
      .where(and(eq(groups.branchId, branchId), between(checkins.localDate, from, to)))
      .orderBy(asc(checkins.localDate), asc(groups.id), asc(members.id));
    return rows.map((r) => ({
      date: r.c.localDate,
      member: r.member,
      group: r.group,
      place: r.c.place,
      status: r.c.status,
      safety: safetyCell(r.c),
      peak: r.c.peakText && r.c.peakText !== r.c.rawText ? r.c.peakText : '',
      note: r.c.note,
      late: yesNo(r.c.late),
      proxyBy: r.proxyBy,
      reportedAt: formatLocal(r.c.reportedAt, groupSettings({ tz, ...r.settings }).tz),
    }));
  },
};
