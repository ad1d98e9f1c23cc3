import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import { studyItems, studyNotes } from '../../db/schema';
import { groupNames } from '../org/org.service';
import { monthWindow } from '../feature/month-window';
import type { SheetDef } from '../feature/sheet';
import { yesNo, sheetColumns } from '../feature/sheet';
import { formatLocal } from '../time';
import { audienceMembers } from './audience';
import { relayProgress } from './progress';

/**
 * One row per item posted in the month and person it is for: whether they studied (for a relay: every posted
 * passage noted), their latest note and when. Times are on the clock of the zone the item was written in.
 */
export const studySheet: SheetDef = {
  kind: 'study',
  name: '学习 (study)',
  columns: sheetColumns({
    id: ['编号', 'id', 8],
    title: ['标题', 'title', 30],
    kind: ['类型', 'kind', 10],
    scope: ['范围', 'scope', 22],
    deadline: ['截止', 'deadline', 18],
    member: ['成员', 'member', 14],
    group: ['党小组', 'group', 22],
    studied: ['已学', 'studied', 8],
    passages: ['进度', 'passages', 10],
    late: ['补交', 'late', 8],
    notedAt: ['笔记时间', 'noted at', 18],
    note: ['笔记', 'note', 50],
  }),
  rows: async (q) => {
    const { db, branchId } = q;
    const month = monthWindow(q);
    const items = await db
      .select()
      .from(studyItems)
      .where(and(eq(studyItems.branchId, branchId), gte(studyItems.createdAt, month.start), lt(studyItems.createdAt, month.end)))
      .orderBy(asc(studyItems.id));
    const inMonth = items.filter((i) => month.contains(i.createdAt, i.tz));
    const names = await groupNames(db, branchId);
    const out = [];
    for (const item of inMonth) {
      const people = await audienceMembers(db, item);
      const notes = people.length
        ? await db
            .select()
            .from(studyNotes)
            .where(
              and(
                eq(studyNotes.itemId, item.id),
                inArray(
                  studyNotes.memberId,
                  people.map((p) => p.memberId),
                ),
              ),
            )
            .orderBy(desc(studyNotes.updatedAt))
        : [];
      const relay = item.relayCron === null ? null : new Map((await relayProgress(db, item)).map((p) => [p.memberId, p]));
      for (const p of people) {
        const latest = notes.find((n) => n.memberId === p.memberId);
        const progress = relay?.get(p.memberId);
        out.push({
          id: item.id,
          title: item.title,
          kind: item.kind === 'makeup' ? '补学' : item.relayCron ? '传达' : '学习',
          scope: item.groupId === null ? '全支部' : (names.get(item.groupId) ?? item.groupId),
          deadline: item.deadline ? formatLocal(item.deadline, item.tz) : null,
          member: p.name,
          group: p.groupId === null ? null : (names.get(p.groupId) ?? null),
          studied: yesNo(progress ? progress.posted > 0 && progress.noted >= progress.posted : Boolean(latest)),
          passages: progress ? `${progress.noted}/${progress.posted}` : null,
          late: yesNo(latest?.late ?? false),
          notedAt: latest ? formatLocal(latest.updatedAt, item.tz) : null,
          note: latest?.note ?? null,
        });
      }
    }
    return out;
  },
};
