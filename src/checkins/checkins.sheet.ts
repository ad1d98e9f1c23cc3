import { and, asc, between, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { checkins, groups, members } from '../../db/schema';
import { checkinTexts } from './checkins.text';
import { groupSettings } from '../org/settings';
import { formatLocal } from '../time';
import { yesNo } from '../feature/sheet';
import type { SheetDef } from '../feature/sheet';

const proxy = alias(members, 'proxy');
const zh = checkinTexts('zh');
const en = checkinTexts('en');

/** The month's daily reports; "reported at" is shown on the clock of the member's group. */
export const checkinsSheet: SheetDef = {
  kind: 'checkins',
  name: '打卡 (checkins)',
  columns: [
    { header: '日期 (date)', key: 'date', width: 12 },
    { header: '成员 (member)', key: 'member', width: 14 },
    { header: '党小组 (group)', key: 'group', width: 22 },
    { header: '地点 (place)', key: 'place', width: 22 },
    { header: '状态 (status)', key: 'status', width: 14 },
    { header: '安全 (safety)', key: 'safety', width: 12 },
    { header: '当日最重的报告 (gravest report that day)', key: 'peak', width: 30 },
    { header: '备注 (note)', key: 'note', width: 36 },
    { header: '补报 (late)', key: 'late', width: 8 },
    { header: '代报人 (proxy by)', key: 'proxyBy', width: 14 },
    { header: '报告时间 (reported at)', key: 'reportedAt', width: 18 },
  ],
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
      safety: r.c.safetyLevel === 'none' ? '' : `${zh.levelName(r.c.safetyLevel)} (${en.levelName(r.c.safetyLevel)})`,
      peak: r.c.peakText && r.c.peakText !== r.c.rawText ? r.c.peakText : '',
      note: r.c.note,
      late: yesNo(r.c.late),
      proxyBy: r.proxyBy,
      reportedAt: formatLocal(r.c.reportedAt, groupSettings({ tz, ...r.settings }).tz),
    }));
  },
};
