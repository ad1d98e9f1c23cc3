import { defineTexts } from '../i18n';

type LeaveInfo = { id: number; name: string; from: string; to: string; reason: string };

export const leaveTexts = defineTexts({
  submitted: {
    zh: (id: number, approver: string) => `请假申请 #${id} 已提交，等待 ${approver} 审批。`,
    en: (id: number, approver: string) => `Leave request #${id} submitted; waiting for ${approver} to decide.`,
  },
  noApprover: {
    zh: () => '找不到审批人（党小组长或支部书记），请联系支部书记。',
    en: () => 'There is no one to approve your leave (a group leader or the secretary); please contact the secretary.',
  },
  toApprover: {
    zh: (l: LeaveInfo) =>
      `📝 ${l.name} 申请请假 #${l.id}：${l.from} 至 ${l.to}，事由：${l.reason}\n批准：/approve ${l.id}　驳回：/reject ${l.id} 理由`,
    en: (l: LeaveInfo) =>
      `📝 ${l.name} asks for leave #${l.id}: ${l.from} to ${l.to}, reason: ${l.reason}\nApprove: /approve ${l.id}   Reject: /reject ${l.id} REASON`,
  },
  approveButton: { zh: () => '批准', en: () => 'Approve' },
  rejectButton: { zh: () => '驳回', en: () => 'Reject' },
  fromAfterTo: {
    zh: () => '开始日期不能晚于结束日期。用法：/leave 2026-12-01 2026-12-03 事由',
    en: () => 'The start date must not be after the end date. Usage: /leave 2026-12-01 2026-12-03 REASON',
  },
  inPast: {
    zh: () => '结束日期已经过去，不能再申请这段请假。',
    en: () => 'The end date has already passed; you cannot ask for that leave.',
  },
  tooLong: { zh: () => '一次请假最长 90 天。', en: () => 'One leave request may cover at most 90 days.' },
  overlaps: {
    zh: (id: number, from: string, to: string, status: string) => `与已有的请假 #${id}（${from} 至 ${to}，${status}）日期重叠，未提交。`,
    en: (id: number, from: string, to: string, status: string) =>
      `It overlaps your leave #${id} (${from} to ${to}, ${status}); nothing was submitted.`,
  },
  noGroup: {
    zh: () => '你还不属于任何党小组，没有人审批请假。请联系支部书记。',
    en: () => 'You are not in a group yet, so there is no one to approve your leave. Ask the secretary.',
  },
  noSuch: { zh: (id: number) => `没有编号为 #${id} 的请假申请。`, en: (id: number) => `There is no leave request #${id}.` },
  notPending: {
    zh: (id: number, status: string) => `请假 #${id} ${status}，不能再审批。`,
    en: (id: number, status: string) => `Leave #${id} is already ${status}; it cannot be decided again.`,
  },
  notYours: {
    zh: () => '只有该成员的党小组长或支部书记可以审批（党小组长的请假由支部书记审批）。',
    en: () => "Only the member's group leader or the secretary may decide (a leader's leave goes to the secretary).",
  },
  approved: {
    zh: (l: LeaveInfo) => `已批准 ${l.name} 的请假 #${l.id}（${l.from} 至 ${l.to}）。`,
    en: (l: LeaveInfo) => `Approved ${l.name}'s leave #${l.id} (${l.from} to ${l.to}).`,
  },
  rejected: { zh: (l: LeaveInfo) => `已驳回 ${l.name} 的请假 #${l.id}。`, en: (l: LeaveInfo) => `Rejected ${l.name}'s leave #${l.id}.` },
  toMemberApproved: {
    zh: (l: LeaveInfo, by: string) =>
      `✅ 你的请假 #${l.id}（${l.from} 至 ${l.to}）已由 ${by} 批准。假期中不会收到报平安提醒；假期到期自动结束，提前返回请发送 /back 销假。`,
    en: (l: LeaveInfo, by: string) =>
      `✅ Your leave #${l.id} (${l.from} to ${l.to}) was approved by ${by}. You will get no check-in prompts while away; the leave ends by itself, or send /back if you return early.`,
  },
  toMemberRejected: {
    zh: (l: LeaveInfo, by: string, why: string) => `❌ 你的请假 #${l.id}（${l.from} 至 ${l.to}）被 ${by} 驳回：${why}`,
    en: (l: LeaveInfo, by: string, why: string) => `❌ Your leave #${l.id} (${l.from} to ${l.to}) was rejected by ${by}: ${why}`,
  },
  toApproverBack: {
    zh: (l: { id: number; name: string; from: string; to: string }, date: string) =>
      `ℹ️ ${l.name} 已销假（请假 #${l.id}，原定 ${l.from} 至 ${l.to}），从 ${date} 起恢复报平安。`,
    en: (l: { id: number; name: string; from: string; to: string }, date: string) =>
      `ℹ️ ${l.name} is back from leave #${l.id} (planned ${l.from} to ${l.to}); daily check-ins resume from ${date}.`,
  },
  back: {
    zh: (id: number, date: string) => `已销假（请假 #${id}），从 ${date} 起恢复每日报平安。`,
    en: (id: number, date: string) => `Welcome back from leave #${id}; daily check-ins resume from ${date}.`,
  },
  notOnLeave: { zh: () => '你今天不在假期中，无需销假。', en: () => 'You are not on leave today.' },
  listHeader: { zh: (month: string) => `${month} 请假记录：`, en: (month: string) => `Leave in ${month}:` },
  listLine: {
    zh: (l: LeaveInfo & { status: string }) => `· #${l.id} ${l.name} ${l.from} 至 ${l.to}｜${l.status}｜${l.reason}`,
    en: (l: LeaveInfo & { status: string }) => `· #${l.id} ${l.name} ${l.from} to ${l.to} | ${l.status} | ${l.reason}`,
  },
  none: { zh: () => '（无）', en: () => '(none)' },
  status: {
    zh: (s: string) => ({ pending: '待审批', approved: '已批准', rejected: '已驳回', ended: '已销假' })[s] ?? s,
    en: (s: string) => s,
  },
});
