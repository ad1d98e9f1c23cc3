import { z } from 'zod';
import { defineCommand, UserError, defineSub } from '../commands/types';
import { getGroup } from '../org/org.service';
import { recordAudit } from '../org/audit';
import { groupSettings, SETTING_DEFAULTS } from '../org/settings';
import { parseLocalDateTime } from '../local-date-time';
import { announceItem } from './post';
import { currentPassage } from './relay';
import { audienceMembers } from './audience';
import { resolveAudience } from '../org/authz.audience';
import { withoutNamed } from '../commands/named-words';
import { createItem, getItem, noteLength, recordNote } from './study.service';
import { studyTexts } from './study.text';
import { ID_PARAM } from '../commands/params';
import { usageError } from '../commands/usage-error';
import { idArg } from '../commands/hygiene';

const POST_USAGE = {
  zh: '/study post 标题 | 内容或链接 [| 截止 YYYY-MM-DD [HH:MM]] [group=党小组 或 scope=branch]',
  en: '/study post TITLE | BODY-or-LINK [| DEADLINE YYYY-MM-DD [HH:MM]] [group=GROUP or scope=branch]',
};
const SCOPE_KEYS = ['group', 'scope'] as const;
// Any date shape, so "| 12月6日" or "| Dec 5" is read as a deadline (and refused with the form) rather than
// broadcast as part of the body with no deadline at all.
const DATE_SHAPE =
  /^(?:\d{4}[-/.年]\d|\d{1,2}[-/.月]\d|\d{1,2}[日号]|(?:今天|明天|后天|today|tomorrow)(?:\s*\d{1,2}[:：]\d{2})?$|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d{1,2}\b)/i;
const DEADLINE_WORD = /^(?:截止(?:时间|日期)?|期限|deadline|due)\s*[:：]?\s*/i;
/** The last part as `/help` shows it ("截止 2026-12-06 18:00", "DEADLINE 2026-12-06"), or anything shaped like a date. */
function deadlineOf(part: string | undefined): string | undefined {
  const trimmed = part?.trim() ?? '';
  const text = trimmed.replace(DEADLINE_WORD, '');
  return DEADLINE_WORD.test(trimmed) || DATE_SHAPE.test(text) ? text : undefined;
}
export const itemId = idArg;

export const studyPost = defineSub({
  sub: 'post',
  subAliases: ['发布', '布置'],
  access: ['secretary', 'leader'],
  usage: POST_USAGE,
  summary: { zh: '发布学习任务 #编号，推送到范围内每个课堂', en: 'post a study item #id to every classroom in scope' },
  input: (a) => {
    const parts = a.pipes.map((p) => withoutNamed(p, SCOPE_KEYS));
    const deadline = parts.length >= 3 ? deadlineOf(parts.at(-1)) : undefined;
    const bodyParts = deadline ? parts.slice(1, -1) : parts.slice(1);
    return { title: parts[0], body: bodyParts.join(' | '), deadline, named: a.named };
  },
  args: z.object({
    title: z.string({ error: 'text' }).trim().min(1, { error: 'text' }).max(100),
    body: z.string({ error: 'text' }).trim().min(1, { error: 'text' }).max(4000),
    deadline: z.string().optional(),
    named: z.record(z.string(), z.string()),
  }),
  run: async (ctx, a) => {
    const t = studyTexts(ctx.lang);
    const audience = await resolveAudience(ctx, a.named, 'branch-for-secretary');
    const due = a.deadline === undefined ? null : parseLocalDateTime(a.deadline, audience.tz);
    if (a.deadline !== undefined && !due) throw usageError(ctx.lang, t.badDeadline(a.deadline), POST_USAGE);
    if (due && due.at <= ctx.now) throw new UserError(t.deadlinePast(`${due.date} ${due.time}`));
    const isLink = /^https?:\/\/\S+$/i.test(a.body);
    const item = await createItem(
      ctx.db,
      {
        branchId: ctx.actor.branchId,
        groupId: audience.groupId,
        title: a.title,
        body: isLink ? '' : a.body,
        link: isLink ? a.body : null,
        deadline: due?.at ?? null,
        tz: audience.tz,
        createdBy: ctx.actor.memberId,
      },
      ctx.now,
    );
    const sent = await announceItem(ctx.db, ctx.now, item);
    await recordAudit(ctx, { action: 'study.post', groupId: audience.groupId, detail: { itemId: item.id } });
    return [{ text: t.posted({ id: item.id, title: item.title, scope: audience.label, rooms: sent.rooms, privately: sent.privately }) }];
  },
});

export const studied = defineCommand({
  name: 'studied',
  aliases: ['已学'],
  access: 'member',
  params: [ID_PARAM, { key: 'note', label: { zh: '学习笔记', en: 'NOTE' }, take: 'text' }],
  note: { zh: '（如 /studied 7 今天学习了党章第一章，体会是……）', en: '(e.g. /studied 7 Read chapter 1; what stayed with me is …)' },
  summary: { zh: '提交学习笔记；再发一次即更新（原笔记存档）', en: 'hand in your study note; send again to update it (history kept)' },
  args: z.object({ id: itemId, note: z.string().trim().min(1, { error: 'text' }).max(4000) }),
  run: async (ctx, a) => {
    const t = studyTexts(ctx.lang);
    const item = await getItem(ctx.db, ctx.actor.branchId, a.id);
    if (!item) throw new UserError(t.noSuchItem(a.id));
    const [me] = await audienceMembers(ctx.db, item, { memberId: ctx.actor.memberId });
    if (!me) throw new UserError(t.notForYou(a.id));
    const group = me.groupId === null ? null : await getGroup(ctx.db, me.groupId);
    const min = group ? groupSettings(group.settings).minNoteChars : Number(SETTING_DEFAULTS['study.min_note_chars']);
    const chars = noteLength(a.note);
    if (chars < min) throw new UserError(t.noteTooShort({ id: a.id, min, chars }));
    const passage = item.relayCron === null ? 0 : await currentPassage(ctx.db, item, ctx.actor.memberId, me.groupId);
    if (passage === null) throw new UserError(t.noPassageYet(a.id));
    const late = item.deadline !== null && ctx.now > item.deadline;
    const { updated } = await recordNote(ctx.db, { itemId: item.id, memberId: ctx.actor.memberId, passageNo: passage, note: a.note, late }, ctx.now);
    return [{ text: t.noteSaved({ id: item.id, title: item.title, updated, late, passage: passage || null, chars }), private: true }];
  },
});
