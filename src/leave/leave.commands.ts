import { localDateArg } from '../commands/hygiene';
import { ID_PARAM } from '../commands/params';
import { z } from 'zod';
import type { MemberContext } from '../commands/types';
import { defineCommand, UserError } from '../commands/types';
import { homeGroupId, isLeader, isSecretary, leadsGroup, ledGroupIds, loadActor } from '../org/identity';
import { getGroup, leadersAndSecretaries } from '../org/org.service';
import { recordAudit } from '../org/audit';
import { groupSettings } from '../org/settings';
import { callerZone } from '../org/caller-zone';
import { notifyMember, notifyMembers } from '../audience/audience';
import { isMonthWord, localDate, monthOf, shiftDate } from '../time';
import { createLeave, currentLeave, decideLeave, endLeave, getLeave, leavesInMonth, overlapping } from './leave.service';
import type { LeaveRow } from './leave.service';
import { leaveTexts } from './leave.text';
import { idArg } from '../commands/hygiene';

const leaveId = idArg;

async function memberToday(ctx: MemberContext, memberId: number) {
  const actor = await loadActor(ctx.db, memberId);
  const groupId = actor ? homeGroupId(actor) : null;
  const group = groupId ? await getGroup(ctx.db, groupId) : null;
  if (!actor || !group) throw new UserError(leaveTexts(ctx.lang).noGroup());
  return { actor, group, today: localDate(ctx.now, groupSettings(group.settings).tz) };
}

/** A member's leave goes to their group leader; a leader's (or a leaderless group's) to the secretary. */
async function approverFor(ctx: MemberContext, groupId: number, branchId: number): Promise<number | null> {
  const { leaders, secretaries } = await leadersAndSecretaries(ctx.db, groupId, branchId);
  const requesterLeads = isLeader(ctx.actor);
  const others = (ids: number[]) => ids.filter((id) => id !== ctx.actor.memberId);
  return (requesterLeads ? undefined : others(leaders)[0]) ?? others(secretaries)[0] ?? null;
}

export const leave = defineCommand({
  name: 'leave',
  listedFor: ['member', 'leader'],
  aliases: ['请假'],
  access: 'member',
  params: [
    { key: 'from', label: { zh: '开始日期', en: 'FROM' } },
    { key: 'to', label: { zh: '结束日期', en: 'TO' } },
    { key: 'reason', label: { zh: '事由', en: 'REASON' }, take: 'words' },
  ],
  note: { zh: '（如 /leave 2026-12-01 2026-12-03 回家探亲）', en: '(e.g. /leave 2026-12-01 2026-12-03 family visit)' },
  summary: { zh: '申请请假，由党小组长审批', en: 'ask for leave; your group leader decides' },
  args: z.object({ from: localDateArg, to: localDateArg, reason: z.string().trim().min(1, { error: 'reason' }).max(200) }),
  run: async (ctx, a) => {
    const t = leaveTexts(ctx.lang);
    const { group, today } = await memberToday(ctx, ctx.actor.memberId);
    if (a.from > a.to) throw new UserError(t.fromAfterTo());
    if (a.to < today) throw new UserError(t.inPast());
    if (a.to > shiftDate(a.from, 89)) throw new UserError(t.tooLong());
    const clash = await overlapping(ctx.db, ctx.actor.memberId, a.from, a.to);
    if (clash) throw new UserError(t.overlaps(clash.id, clash.fromDate, clash.toDate, t.status(clash.status)));
    const approverId = await approverFor(ctx, group.id, group.branchId);
    if (!approverId) throw new UserError(t.noApprover());
    const row = await createLeave(
      ctx.db,
      { memberId: ctx.actor.memberId, groupId: group.id, from: a.from, to: a.to, reason: a.reason, approverId },
      ctx.now,
    );
    const info = { id: row.id, name: ctx.actor.name, from: a.from, to: a.to, reason: a.reason };
    await notifyMember(
      ctx.db,
      ctx.now,
      approverId,
      (lang) => leaveTexts(lang).toApprover(info),
      `leave.request:${row.id}`,
      'leave.request',
      (lang) => [{ label: leaveTexts(lang).approveButton(), command: `/approve ${row.id}` }],
    );
    const approver = await loadActor(ctx.db, approverId);
    return [{ text: t.submitted(row.id, approver?.name ?? '') }];
  },
});

async function decidable(ctx: MemberContext, id: number): Promise<LeaveRow> {
  const t = leaveTexts(ctx.lang);
  const row = await getLeave(ctx.db, id);
  if (!row) throw new UserError(t.noSuch(id));
  const requester = await loadActor(ctx.db, row.memberId);
  const requesterLeads = requester ? isLeader(requester) : false;
  const allowed = isSecretary(ctx.actor) || (!requesterLeads && leadsGroup(ctx.actor, row.groupId) && row.memberId !== ctx.actor.memberId);
  if (!allowed) throw new UserError(t.notYours());
  if (row.status !== 'pending') throw new UserError(t.notPending(id, t.status(row.status)));
  return row;
}

const infoOf = async (ctx: MemberContext, row: LeaveRow) => ({
  id: row.id,
  name: (await loadActor(ctx.db, row.memberId))?.name ?? `#${row.memberId}`,
  from: row.fromDate,
  to: row.toDate,
  reason: row.reason,
});

export const approve = defineCommand({
  name: 'approve',
  aliases: ['批准'],
  access: ['secretary', 'leader'],
  params: [ID_PARAM],
  summary: { zh: '批准请假，并通知本人', en: 'approve a leave request; the member is told' },
  args: z.object({ id: leaveId }),
  run: async (ctx, a) => {
    const row = await decidable(ctx, a.id);
    await decideLeave(ctx.db, row.id, 'approved', ctx.actor.memberId, null, ctx.now);
    await recordAudit(ctx, { action: 'leave.approve', subjectMemberId: row.memberId, groupId: row.groupId, detail: { leaveId: row.id } });
    const info = await infoOf(ctx, row);
    await notifyMember(
      ctx.db,
      ctx.now,
      row.memberId,
      (lang) => leaveTexts(lang).toMemberApproved(info, ctx.actor.name),
      `leave.decided:${row.id}`,
      'leave.decided',
    );
    return [{ text: leaveTexts(ctx.lang).approved(info) }];
  },
});

export const reject = defineCommand({
  name: 'reject',
  aliases: ['驳回'],
  access: ['secretary', 'leader'],
  params: [ID_PARAM, { key: 'reason', label: { zh: '理由', en: 'REASON' }, take: 'words' }],
  summary: { zh: '驳回请假并说明理由', en: 'reject a leave request with a reason' },
  args: z.object({ id: leaveId, reason: z.string().trim().min(1, { error: 'rejectReason' }).max(200) }),
  run: async (ctx, a) => {
    const row = await decidable(ctx, a.id);
    await decideLeave(ctx.db, row.id, 'rejected', ctx.actor.memberId, a.reason, ctx.now);
    await recordAudit(ctx, { action: 'leave.reject', subjectMemberId: row.memberId, groupId: row.groupId, detail: { leaveId: row.id } });
    const info = await infoOf(ctx, row);
    await notifyMember(
      ctx.db,
      ctx.now,
      row.memberId,
      (lang) => leaveTexts(lang).toMemberRejected(info, ctx.actor.name, a.reason),
      `leave.decided:${row.id}`,
      'leave.decided',
    );
    return [{ text: leaveTexts(ctx.lang).rejected(info) }];
  },
});

export const back = defineCommand({
  name: 'back',
  listedFor: ['member', 'leader'],
  aliases: ['销假'],
  access: 'member',
  summary: { zh: '提前结束当前假期，从今天起恢复报平安', en: 'end your current leave today' },
  args: z.object({}),
  run: async (ctx) => {
    const t = leaveTexts(ctx.lang);
    const { today } = await memberToday(ctx, ctx.actor.memberId);
    const current = await currentLeave(ctx.db, ctx.actor.memberId, today);
    if (!current) throw new UserError(t.notOnLeave());
    await endLeave(ctx.db, current, today, ctx.now);
    // The one who approved the leave (and the group's leaders) learn the member is back.
    const { leaders } = await leadersAndSecretaries(ctx.db, current.groupId, ctx.actor.branchId);
    const told = new Set([current.approverId, ...leaders].filter((id): id is number => id !== null && id !== ctx.actor.memberId));
    const info = { id: current.id, name: ctx.actor.name, from: current.fromDate, to: current.toDate, reason: current.reason };
    await notifyMembers(ctx.db, ctx.now, told, {
      text: (lang) => leaveTexts(lang).toApproverBack(info, today),
      dedupKey: `leave.back:${current.id}`,
      purpose: 'leave.back',
    });
    return [{ text: t.back(current.id, today) }];
  },
});

export const leaves = defineCommand({
  name: 'leaves',
  aliases: ['假期'],
  access: 'member',
  params: [{ key: 'month', label: { zh: 'YYYY-MM', en: 'YYYY-MM' }, optional: true }],
  summary: { zh: '请假记录（组员只看自己的）', en: 'leave records (a member sees their own)' },
  args: z.object({ month: z.string().refine(isMonthWord, { error: 'month' }).optional() }),
  run: async (ctx, a) => {
    const t = leaveTexts(ctx.lang);
    const today = localDate(ctx.now, await callerZone(ctx));
    const month = (a.month && monthOf(a.month, today)) || today.slice(0, 7);
    const led = ledGroupIds(ctx.actor);
    const filter = isSecretary(ctx.actor)
      ? { branchId: ctx.actor.branchId }
      : led.length
        ? { branchId: ctx.actor.branchId, groupIds: led }
        : { branchId: ctx.actor.branchId, memberId: ctx.actor.memberId };
    const rows = await leavesInMonth(ctx.db, month, filter);
    const lines = rows.map(({ leave: l, name }) =>
      t.listLine({ id: l.id, name, from: l.fromDate, to: l.toDate, reason: l.reason, status: t.status(l.status) }),
    );
    return [{ text: [t.listHeader(month), ...(lines.length ? lines : [t.none()])].join('\n'), private: true }];
  },
});
