import { defineTexts, plural } from '../i18n';
import type { Lang } from '../i18n';
import type { AuditAction } from './audit';

const ACTION_NAMES: Record<AuditAction, { zh: string; en: string }> = {
  join: { zh: '绑定账号', en: 'joined' },
  invite: { zh: '生成邀请码', en: 'issued an invite code for' },
  bind: { zh: '设为课堂', en: 'made a chat the classroom of' },
  'classroom.main': { zh: '设为主课堂', en: 'set the main classroom' },
  'group.add': { zh: '创建党小组', en: 'created the group' },
  'member.add': { zh: '添加成员', en: 'added' },
  'member.set': { zh: '修改成员资料', en: 'changed' },
  'member.remove': { zh: '移除成员', en: 'removed' },
  settings: { zh: '修改设置', en: 'changed a setting of' },
  'checkin.proxy': { zh: '代报平安', en: 'checked in for' },
  'leave.approve': { zh: '批准请假', en: 'approved leave for' },
  'leave.reject': { zh: '驳回请假', en: 'turned down leave for' },
  'meeting.new': { zh: '发布会议', en: 'announced a meeting' },
  'meeting.cancel': { zh: '取消会议', en: 'cancelled a meeting' },
  'meeting.minutes': { zh: '登记会议纪要', en: 'filed meeting minutes' },
  'study.post': { zh: '发布学习内容', en: 'posted study material' },
  'care.view': { zh: '查看关爱工单', en: 'viewed the care tickets' },
  'care.take': { zh: '接单', en: 'took the care ticket of' },
  'care.assign': { zh: '派单', en: 'assigned the care ticket of' },
  'care.done': { zh: '办结工单', en: 'closed the care ticket of' },
  'care.cancel': { zh: '撤销工单', en: 'cancelled the care ticket of' },
  'family.view': { zh: '查看家属登记', en: 'viewed the family contacts of' },
  'family.view-all': { zh: '查看全支部的家属登记', en: "viewed the whole branch's family contacts" },
  'duty.on': { zh: '上岗值班', en: 'went on duty' },
  'duty.off': { zh: '结束值班', en: 'went off duty' },
  export: { zh: '导出数据', en: 'exported data' },
  'audit.view': { zh: '查看操作记录', en: 'viewed the audit log' },
  'calendar.add': { zh: '录入放假或调休', en: 'entered a holiday or make-up day' },
  'calendar.remove': { zh: '删除放假或调休的录入', en: 'removed a calendar entry' },
  'calendar.import': { zh: '导入放假和调休安排', en: 'imported holidays and make-up days' },
};

export const auditActionName = (lang: Lang, action: string): string => ACTION_NAMES[action as AuditAction]?.[lang] ?? action;

const PLATFORMS: Record<string, { zh: string; en: string }> = {
  telegram: { zh: 'Telegram', en: 'Telegram' },
  wechaty: { zh: '微信', en: 'WeChat' },
  wecom: { zh: '企业微信', en: 'WeCom' },
  console: { zh: '控制台', en: 'console' },
};
export const platformName = (lang: Lang, platform: string): string => PLATFORMS[platform]?.[lang] ?? platform;

export const auditTexts = defineTexts({
  header: {
    zh: (days: number, n: number) => `最近 ${days} 天的操作记录（${n} 条，新的在前）：`,
    en: (days: number, n: number) =>
      `Audit log for the last ${days === 1 ? 'day' : `${days} days`} (${plural(n, 'entry', 'entries')}, newest first):`,
  },
  none: {
    zh: (days: number) => `最近 ${days} 天没有管理操作记录。`,
    en: (days: number) => `No admin actions in the last ${days === 1 ? 'day' : `${days} days`}.`,
  },
  more: {
    zh: (shown: number) => `……只列出最近 ${shown} 条；更早的请用更少的天数分段查看，或用 /export 导出。`,
    en: (shown: number) => `… only the latest ${shown} are listed; to see earlier ones, ask for fewer days at a time or use /export.`,
  },
  operator: { zh: () => '管理员（命令行）', en: () => 'operator (CLI)' },
  privateChat: { zh: (platform: string) => `${platform}私聊`, en: (platform: string) => `a private ${platform} chat` },
  groupChat: {
    zh: (platform: string, title: string) => `${platform}群「${title}」`,
    en: (platform: string, title: string) => `the ${platform} group "${title}"`,
  },
  inChat: { zh: (where: string) => `（来自${where}）`, en: (where: string) => ` (from ${where})` },
  ticket: { zh: (id: number) => `工单 #${id}`, en: (id: number) => `ticket #${id}` },
  leave: { zh: (id: number) => `请假 #${id}`, en: (id: number) => `leave #${id}` },
  meeting: { zh: (id: number) => `会议 #${id}`, en: (id: number) => `meeting #${id}` },
  toVolunteer: { zh: (name: string) => `给 ${name}`, en: (name: string) => `to ${name}` },
  exportOf: {
    zh: (kind: string, month: string, member: string | null) => `${kind} ${month}${member ? ` ${member}` : ''}`,
    en: (kind: string, month: string, member: string | null) => `${kind} ${month}${member ? ` ${member}` : ''}`,
  },
  ticketCount: { zh: (n: number) => `${n} 张`, en: (n: number) => plural(n, 'ticket') },
  familiesOf: { zh: (n: number) => `${n} 人`, en: (n: number) => plural(n, 'member') },
  forDate: { zh: (date: string) => `补报 ${date}`, en: (date: string) => `for ${date}` },
});
