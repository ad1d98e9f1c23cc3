import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import { studyItems, studyNotes } from '../../db/schema';
import { UserError, defineSub } from '../commands/types';
import type { MemberContext } from '../commands/types';
import { getGroup } from '../org/org.service';
import { audienceMembers } from './audience';
import { visibleGroups } from './manage';
import { relayProgress, studyCounts } from './progress';
import { passageCount } from './relay';
import { relayTexts } from './relay.text';
import { statusReport } from './status-report';
import { itemId } from './study.commands';
import type { StudyItem } from './study.service';
import { deadlineText, getItem } from './study.service';
import { statusTexts } from './study-status.text';
import { authzTexts } from '../org/authz.text';
import { studyTexts } from './study.text';
import { ID_PARAM } from '../commands/params';

const LIST_DAYS = 30;

const scopeLabel = async (ctx: MemberContext, item: StudyItem) =>
  item.groupId === null ? authzTexts(ctx.lang).wholeBranch() : ((await getGroup(ctx.db, item.groupId))?.name ?? `#${item.groupId}`);

export const studyStatus = defineSub({
  sub: 'status',
  subAliases: ['情况', '进度', '状态'],
  access: ['secretary', 'leader'],
  params: [ID_PARAM],
  summary: { zh: '谁已学、谁未学，附笔记摘要（私信）', en: 'who studied and who has not, with note excerpts (privately)' },
  args: z.object({ id: itemId }),
  run: async (ctx, a) => {
    const item = await getItem(ctx.db, ctx.actor.branchId, a.id);
    if (!item) throw new UserError(studyTexts(ctx.lang).noSuchItem(a.id));
    const groupIds = visibleGroups(ctx, item);
    if (groupIds === null) throw new UserError(statusTexts(ctx.lang).notYourItem(a.id));
    return [{ text: await statusReport(ctx.db, item, await scopeLabel(ctx, item), ctx.lang, groupIds), private: true }];
  },
});

/** The caller's own standing on one item, or null when it is not for them. */
async function mine(ctx: MemberContext, item: StudyItem): Promise<{ text: string; owes: boolean } | null> {
  const t = statusTexts(ctx.lang);
  if (item.relayCron !== null) {
    const [p] = await relayProgress(ctx.db, item, undefined, ctx.actor.memberId);
    if (!p) return null;
    return { text: relayTexts(ctx.lang).progress(p.noted, p.posted, await passageCount(ctx.db, item.id)), owes: p.noted < p.posted };
  }
  const [me] = await audienceMembers(ctx.db, item, { memberId: ctx.actor.memberId });
  if (!me) return null;
  const [note] = await ctx.db
    .select({ id: studyNotes.id })
    .from(studyNotes)
    .where(and(eq(studyNotes.itemId, item.id), eq(studyNotes.memberId, me.memberId), eq(studyNotes.passageNo, 0)));
  return note ? { text: t.mineDone(), owes: false } : { text: t.mineMissing(item.id), owes: true };
}

export const studyList = defineSub({
  sub: 'list',
  subAliases: ['列表', '任务'],
  access: 'member',
  summary: { zh: '进行中的学习任务和我的完成情况', en: 'open study items and your own status' },
  args: z.object({}),
  run: async (ctx) => {
    const t = statusTexts(ctx.lang);
    const recent = new Date(ctx.now.getTime() - LIST_DAYS * 86_400_000);
    const items = await ctx.db
      .select()
      .from(studyItems)
      .where(
        and(
          eq(studyItems.branchId, ctx.actor.branchId),
          or(gt(studyItems.deadline, recent), and(isNull(studyItems.deadline), gt(studyItems.createdAt, recent))),
        ),
      )
      .orderBy(desc(studyItems.id))
      .limit(50);
    const lines: string[] = [];
    for (const item of items) {
      const own = await mine(ctx, item);
      const managed = visibleGroups(ctx, item);
      if (!own && managed === null) continue;
      // Past its deadline an item stays on the list only for those who still owe a note.
      if (item.deadline && item.deadline <= ctx.now && !own?.owes) continue;
      const counts = managed === null ? null : await studyCounts(ctx.db, item, managed);
      const done = counts?.reduce((s, c) => s + c.done, 0) ?? 0;
      const total = counts?.reduce((s, c) => s + c.total, 0) ?? 0;
      lines.push(
        t.listLine({
          id: item.id,
          title: item.title,
          deadline: deadlineText(item),
          mine: own?.text ?? t.mineNotFor(),
          counts: counts ? `${done}/${total}` : null,
          makeup: item.kind === 'makeup',
        }),
      );
    }
    return [{ text: lines.length ? [t.listHeader(), ...lines].join('\n') : t.listEmpty(), private: true }];
  },
});
