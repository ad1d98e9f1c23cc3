import { defineTexts, echo } from '../i18n';

/** What only the member, the secretary and the assigned volunteer may read. */
export type TicketDetails = {
  id: number;
  type: string;
  owner: string;
  text: string;
  contact: string;
  district: string;
  at: string;
};
/** What an unassigned volunteer may read: no name, phone or request text. */
export type TicketBrief = { id: number; type: string; district: string | null; relation: string; at: string };

/** Whose family a ticket is for, as its reader sees it: their own (null), or the member a secretary filed it for. */
type Whose = string | null;
const whoseZh = (family: Whose) => (family ? `${family} 家的` : '你家的');
const whoseEn = (family: Whose) => (family ? `${family}'s family's` : "your family's");
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Who an urgent ticket reached at once: the volunteers on duty, and the secretary unless the secretary filed it. */
type Alerted = { volunteers: number; bySecretary: boolean };
const raisedUrgentZh = (id: number, a: Alerted) =>
  a.volunteers === 0
    ? `${a.bySecretary ? `现在没有值班志愿者，请直接指派：/care assign ${id} 志愿者。` : '已立即通知支部书记；现在没有值班志愿者，支部书记会直接指派。'}有人接单会告诉你。`
    : `已立即通知${a.bySecretary ? '' : '支部书记和'}值班志愿者（${a.volunteers} 人），有人接单会告诉你。`;
const raisedUrgentEn = (id: number, a: Alerted) =>
  a.volunteers === 0
    ? `${a.bySecretary ? `No volunteer is on duty now; assign one directly: /care assign ${id} VOLUNTEER.` : 'The secretary has been alerted; no volunteer is on duty now, so the secretary will assign one.'} You will hear when someone takes it.`
    : `${a.bySecretary ? 'The' : 'The secretary and the'} volunteers on duty (${a.volunteers}) have been alerted; you will hear when someone takes it.`;

export const careTexts = defineTexts({
  raised: {
    zh: (id: number, type: string, urgent: Alerted | null) =>
      `关爱工单 #${id}（${type}）已提交。${urgent ? raisedUrgentZh(id, urgent) : '支部书记会安排志愿者，有进展会告诉你。'}`,
    en: (id: number, type: string, urgent: Alerted | null) =>
      `Care ticket #${id} (${type}) submitted. ${urgent ? raisedUrgentEn(id, urgent) : 'The secretary will find a volunteer; you will hear how it goes.'}`,
  },
  raisedFor: {
    zh: (id: number, type: string, by: string) => `${by} 为你家登记了关爱工单 #${id}（${type}），有进展会告诉你。`,
    en: (id: number, type: string, by: string) => `${by} opened care ticket #${id} (${type}) for your family; you will hear how it goes.`,
  },
  unknownType: {
    zh: (word: string, list: string) => `没有“${echo(word)}”这种关爱类型，可选：${list}。用法：/care 类型 内容`,
    en: (word: string, list: string) => `"${echo(word)}" is not a care type; choose one of: ${list}. Usage: /care TYPE TEXT`,
  },
  emptyText: {
    zh: () => '请写明需要什么帮助。用法：/care 类型 内容（如 /care 快递 给母亲寄降压药）',
    en: () => 'Say what help is needed. Usage: /care TYPE TEXT (e.g. /care parcel send blood-pressure pills to my mother)',
  },
  tooLong: {
    zh: () => '内容太长了（最多 300 字），这次没有登记。请写短一些，例如 /care 快递 给母亲寄降压药',
    en: () => 'That is too long (at most 300 characters); nothing was filed. Keep it short, e.g. /care parcel send blood-pressure pills to my mother',
  },
  urgentToSecretary: {
    zh: (d: TicketDetails, volunteers: number) =>
      `🚗 紧急用车 #${d.id}（${d.at}）：${d.owner} 家，${d.district}，联系人 ${d.contact}。\n${d.text}\n${volunteers === 0 ? '现在没有值班志愿者，请直接指派：' : '指派：'}/care assign ${d.id} 志愿者`,
    en: (d: TicketDetails, volunteers: number) =>
      `🚗 Urgent car request #${d.id} (${d.at}): ${d.owner}'s family, ${d.district}, contact ${d.contact}.\n${d.text}\n${volunteers === 0 ? 'No volunteer is on duty now; assign one directly: ' : 'Assign: '}/care assign ${d.id} VOLUNTEER`,
  },
  urgentToVolunteer: {
    zh: (b: TicketBrief) => `🚗 紧急用车 #${b.id}（${b.at}）：${b.district ?? ''}，联系人：${b.relation}。接单后可见详情：/care take ${b.id}`,
    en: (b: TicketBrief) =>
      `🚗 Urgent car request #${b.id} (${b.at}): ${b.district ?? ''}, contact: ${b.relation}. Take it to see the details: /care take ${b.id}`,
  },
  realertPrefix: {
    zh: (round: number) => `⏰ 仍无人接单（第 ${round} 次提醒）`,
    en: (round: number) => `⏰ Still not taken (reminder ${round})`,
  },
  escalation: {
    zh: (id: number, owner: string) => `⚠️ ${owner} 家的紧急用车 #${id} 已一小时无人接单，请立即指派：/care assign ${id} 志愿者`,
    en: (id: number, owner: string) =>
      `⚠️ No one has taken urgent car request #${id} for ${owner}'s family in an hour; assign someone now: /care assign ${id} VOLUNTEER`,
  },
  escalationToLeader: {
    zh: (id: number, owner: string) =>
      `⚠️ ${owner} 家的紧急用车 #${id} 已一小时无人接单。请联系支部书记尽快指派志愿者，或直接联系 ${owner} 了解家里的情况。`,
    en: (id: number, owner: string) =>
      `⚠️ No one has taken urgent car request #${id} for ${owner}'s family in an hour. Please ask the secretary to assign a volunteer now, or call ${owner} to find out how the family is.`,
  },
  newTicket: {
    zh: (d: TicketDetails) => `📋 新关爱工单 #${d.id}（${d.type}）：${d.owner} 家，${d.district}。\n${d.text}\n指派：/care assign ${d.id} 志愿者`,
    en: (d: TicketDetails) =>
      `📋 New care ticket #${d.id} (${d.type}): ${d.owner}'s family, ${d.district}.\n${d.text}\nAssign: /care assign ${d.id} VOLUNTEER`,
  },
  details: {
    zh: (d: TicketDetails) => `工单 #${d.id}（${d.type}，${d.at}）：${d.owner} 家，${d.district}，联系人 ${d.contact}\n${d.text}`,
    en: (d: TicketDetails) => `Ticket #${d.id} (${d.type}, ${d.at}): ${d.owner}'s family, ${d.district}, contact ${d.contact}\n${d.text}`,
  },
  took: {
    zh: (id: number, details: string) => `你已接单。${details}\n办结后请发送：/care done ${id} 结果`,
    en: (id: number, details: string) => `The ticket is yours. ${details}\nWhen it is done, send: /care done ${id} RESULT`,
  },
  assignedToYou: {
    zh: (id: number, details: string, by: string) => `${by} 把工单指派给你。${details}\n办结后请发送：/care done ${id} 结果`,
    en: (id: number, details: string, by: string) => `${by} assigned you a ticket. ${details}\nWhen it is done, send: /care done ${id} RESULT`,
  },
  assigned: {
    zh: (id: number, volunteer: string) => `已把工单 #${id} 指派给 ${volunteer}。`,
    en: (id: number, volunteer: string) => `Ticket #${id} assigned to ${volunteer}.`,
  },
  takenToMember: {
    zh: (id: number, type: string, volunteer: string, family: Whose) => `志愿者 ${volunteer} 已接下${whoseZh(family)}关爱工单 #${id}（${type}）。`,
    en: (id: number, type: string, volunteer: string, family: Whose) =>
      `Volunteer ${volunteer} has taken ${whoseEn(family)} care ticket #${id} (${type}).`,
  },
  takenToOthers: {
    zh: (id: number, volunteer: string) => `工单 #${id} 已由 ${volunteer} 接单，无需再处理。`,
    en: (id: number, volunteer: string) => `Ticket #${id} was taken by ${volunteer}; nothing more is needed from you.`,
  },
  doneReply: {
    zh: (id: number, withResult: boolean) => `工单 #${id} 已办结，${withResult ? '结果已告知求助人' : '已告知求助人'}。`,
    en: (id: number, withResult: boolean) => `Ticket #${id} closed; the requester was told${withResult ? ' the result' : ''}.`,
  },
  doneToMember: {
    zh: (id: number, type: string, by: string, result: string | null, family: Whose) =>
      `✅ ${whoseZh(family)}关爱工单 #${id}（${type}）已由 ${by} 办结${result ? `：${result}` : '。'}`,
    en: (id: number, type: string, by: string, result: string | null, family: Whose) =>
      `✅ ${capitalised(whoseEn(family))} care ticket #${id} (${type}) was closed by ${by}${result ? `: ${result}` : '.'}`,
  },
  cancelled: { zh: (id: number) => `工单 #${id} 已取消。`, en: (id: number) => `Ticket #${id} cancelled.` },
  cancelledToVolunteer: {
    zh: (id: number) => `工单 #${id} 已被求助人取消，无需再处理。`,
    en: (id: number) => `Ticket #${id} was cancelled by the requester; nothing more is needed from you.`,
  },
  noSuch: { zh: (id: number) => `没有编号为 #${id} 的关爱工单。`, en: (id: number) => `There is no care ticket #${id}.` },
  notYours: {
    zh: (id: number) => `工单 #${id} 不是你家的工单，不能取消。`,
    en: (id: number) => `Ticket #${id} is not your family's; you cannot cancel it.`,
  },
  notAssignee: {
    zh: (id: number) => `工单 #${id} 没有指派给你，只有接单的志愿者或支部书记可以办结。`,
    en: (id: number) => `Ticket #${id} is not assigned to you; only its volunteer or the secretary can close it.`,
  },
  alreadyTaken: {
    zh: (id: number, by: string) => `工单 #${id} 已由 ${by} 接单。`,
    en: (id: number, by: string) => `Ticket #${id} was already taken by ${by}.`,
  },
  closedAlready: {
    zh: (id: number, status: string) => `工单 #${id} ${status}，不能再改动。`,
    en: (id: number, status: string) => `Ticket #${id} is already ${status}; it can no longer be changed.`,
  },
  notVolunteer: {
    zh: (name: string) => `${name} 不是志愿者，不能指派。`,
    en: (name: string) => `${name} is not a volunteer and cannot be assigned.`,
  },
  status: {
    zh: (s: string) => ({ open: '待接单', taken: '处理中', done: '已办结', cancelled: '已取消' })[s] ?? s,
    en: (s: string) => ({ open: 'open', taken: 'in progress', done: 'closed', cancelled: 'cancelled' })[s] ?? s,
  },
  listHeader: { zh: (n: number) => `未办结的关爱工单（${n}）：`, en: (n: number) => `Open care tickets (${n}):` },
  listLine: {
    zh: (d: TicketDetails & { status: string; who: string }) =>
      `· #${d.id} ${d.type}｜${d.status}${d.who ? `（${d.who}）` : ''}｜${d.owner} 家，${d.district}｜${d.text}`,
    en: (d: TicketDetails & { status: string; who: string }) =>
      `· #${d.id} ${d.type} | ${d.status}${d.who ? ` (${d.who})` : ''} | ${d.owner}'s family, ${d.district} | ${d.text}`,
  },
  briefLine: {
    zh: (b: TicketBrief) => `· #${b.id} ${b.type}｜待接单｜${b.at}${b.district ? `｜${b.district}` : ''}（接单后可见详情：/care take ${b.id}）`,
    en: (b: TicketBrief) =>
      `· #${b.id} ${b.type} | open | ${b.at}${b.district ? ` | ${b.district}` : ''} (take it to see details: /care take ${b.id})`,
  },
  none: { zh: () => '（无）', en: () => '(none)' },
  mineHeader: { zh: () => '你家的关爱工单：', en: () => "Your family's care tickets:" },
  mineLine: {
    zh: (id: number, type: string, status: string, at: string, who: string, result: string) =>
      `· #${id} ${type}｜${status}｜${at}${who ? `｜志愿者 ${who}` : ''}${result ? `｜${result}` : ''}`,
    en: (id: number, type: string, status: string, at: string, who: string, result: string) =>
      `· #${id} ${type} | ${status} | ${at}${who ? ` | volunteer ${who}` : ''}${result ? ` | ${result}` : ''}`,
  },
  unvisited: {
    zh: (year: number, quarter: number, lines: string) => `🏠 ${year} 年第 ${quarter} 季度尚未家访的家庭：\n${lines}\n家访后记录：/visit 成员 情况`,
    en: (year: number, quarter: number, lines: string) =>
      `🏠 Families not yet visited in ${year} Q${quarter}:\n${lines}\nLog a visit: /visit MEMBER NOTES`,
  },
  unregistered: { zh: () => '（未登记家属）', en: () => '(no family registered)' },
  takeButton: { zh: () => '接单', en: () => 'Take' },
  doneButton: { zh: () => '完成', en: () => 'Done' },
});
