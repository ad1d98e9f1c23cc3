import { defineTexts, echo, plural } from '../i18n';

export type MeetingInfo = { id: number; type: string; topic: string; when: string; mode: string; link: string | null; scope: string };

/** Meetings (三会一课): arranging, notices, reminders, sign-in and excused absence. */
export const meetingTexts = defineTexts({
  created: {
    zh: (m: MeetingInfo, rooms: number) =>
      `✅ 已安排会议 #${m.id}：${m.type}「${m.topic}」，${m.when}（${m.mode}｜${m.scope}），已通知 ${rooms} 个课堂。`,
    en: (m: MeetingInfo, rooms: number) =>
      `✅ Meeting #${m.id} arranged: ${m.type} "${m.topic}", ${m.when} (${m.mode} | ${m.scope}); notice sent to ${plural(rooms, 'classroom')}.`,
  },
  notice: {
    zh: (m: MeetingInfo) =>
      `📅 会议通知 #${m.id}：${m.type}「${m.topic}」\n时间：${m.when}\n形式：${m.mode}${m.link ? `，链接：${m.link}` : ''}\n范围：${m.scope}\n开始前 30 分钟起发送 /signin ${m.id} 签到；不能参加请发送 /meeting leave ${m.id} 事由`,
    en: (m: MeetingInfo) =>
      `📅 Meeting #${m.id}: ${m.type} "${m.topic}"\nWhen: ${m.when}\nHow: ${m.mode}${m.link ? `, link: ${m.link}` : ''}\nFor: ${m.scope}\nFrom 30 minutes before the start, send /signin ${m.id}; if you cannot come, send /meeting leave ${m.id} REASON`,
  },
  reminder: {
    zh: (m: MeetingInfo, soon: boolean) =>
      `⏰ 会议提醒 #${m.id}：${m.type}「${m.topic}」将于${soon ? ' 30 分钟后' : '明天'}（${m.when}）开始，${m.mode}${m.link ? `，链接：${m.link}` : ''}。签到：/signin ${m.id}`,
    en: (m: MeetingInfo, soon: boolean) =>
      `⏰ Meeting #${m.id}: ${m.type} "${m.topic}" starts ${soon ? 'in 30 minutes' : 'tomorrow'} (${m.when}), ${m.mode}${m.link ? `, link: ${m.link}` : ''}. Sign in: /signin ${m.id}`,
  },
  badType: {
    zh: (word: string, choices: string) => `会议类型「${echo(word)}」不认识：可选 ${choices}`,
    en: (word: string, choices: string) => `Unknown meeting type "${echo(word)}": choose ${choices}`,
  },
  badWhen: {
    zh: () => '会议时间应写成 YYYY-MM-DD HH:MM（本组时区），例如 2026-12-08 20:00',
    en: () => "the meeting time is written YYYY-MM-DD HH:MM (the group's time zone), e.g. 2026-12-08 20:00",
  },
  needTopic: { zh: () => '需要会议主题', en: () => 'a topic is needed' },
  badMode: {
    zh: (word: string) => `会议形式「${echo(word)}」不认识：可选 现场、视频、传达`,
    en: (word: string) => `Unknown meeting mode "${echo(word)}": choose onsite, video or relay`,
  },
  badDuration: { zh: () => '时长应为 15 到 480 之间的分钟数，例如 duration=90', en: () => 'duration is 15 to 480 minutes, e.g. duration=90' },
  inPast: {
    zh: (when: string) => `会议时间 ${when} 已经过去，请安排将来的时间。`,
    en: (when: string) => `${when} has already passed; arrange the meeting in the future.`,
  },
  leaderOnlyGroup: {
    zh: () => '党小组长只能安排本组的党小组会；其他会议请支部书记安排。',
    en: () => "A group leader may arrange only their own group's Party group meeting; the secretary arranges the others.",
  },
  groupMeetingNeedsGroup: {
    zh: () => '党小组会要指明党小组：在该组的课堂里发送，或加上 group=党小组名称。',
    en: () => "A group meeting needs its group: send this in that group's classroom, or add group=GROUP.",
  },
  noSuchMeeting: {
    zh: (id: number) => `没有会议 #${id}。发送 /meeting list 查看会议。`,
    en: (id: number) => `There is no meeting #${id}. Send /meeting list to see them.`,
  },
  cancelled: { zh: (id: number) => `会议 #${id} 已取消。`, en: (id: number) => `Meeting #${id} was cancelled.` },
  unknownPlace: {
    zh: (named: string, known: string) => `没有叫「${named}」的课堂。可写：主课堂${known ? `、${known}` : ''}；不写则按会议形式记录。`,
    en: (named: string, known: string) => `There is no classroom called "${named}". Write main${known ? `, ${known}` : ''}, or leave it out.`,
  },
  placeInGroup: {
    zh: (here: string) =>
      `没有签到：在群里签到只能记为本群（${here}），后面不用写课堂或说明。在本群参会请只发送 /signin 编号；在别的课堂，请到那个课堂的群里签到，或私聊我写明课堂名。`,
    en: (here: string) =>
      `Not signed in: in a group chat, sign-in counts as this chat (${here}), with nothing written after it. If you are here, send just /signin ID; if you are in another classroom, sign in in its chat, or tell me its name privately.`,
  },
  notYourGroupMeeting: {
    zh: (id: number, group: string) => `会议 #${id} 是「${group}」的党小组会，你不属于任何党小组，不能签到。`,
    en: (id: number, group: string) => `Meeting #${id} is the Party group meeting of "${group}"; you are not in any group, so you cannot sign in.`,
  },
  outsideWindow: {
    zh: (id: number, from: string, to: string) => `现在不能签到会议 #${id}：签到时间为 ${from} 至 ${to}。`,
    en: (id: number, from: string, to: string) => `You cannot sign in to meeting #${id} now: sign-in is open from ${from} to ${to}.`,
  },
  signedIn: {
    zh: (p: { id: number; name: string; place: string; again: boolean }) =>
      `✅ ${p.name} 已${p.again ? '更新' : ''}签到会议 #${p.id}（${p.place}）。`,
    en: (p: { id: number; name: string; place: string; again: boolean }) =>
      `✅ ${p.name} signed in to meeting #${p.id} (${p.place})${p.again ? ', updated' : ''}.`,
  },
  leaveAfterEnd: {
    zh: (id: number) => `会议 #${id} 已结束，不能再请假；如有情况请联系支部书记。`,
    en: (id: number) => `Meeting #${id} is over; it is too late to be excused. Talk to the secretary.`,
  },
  leaveButSignedIn: {
    zh: (id: number) => `你已签到会议 #${id}，无需请假。`,
    en: (id: number) => `You have signed in to meeting #${id}; there is no absence to excuse.`,
  },
  notExpected: {
    zh: (id: number) => `你不在会议 #${id} 的应到名单中，无需请假。`,
    en: (id: number) => `You are not expected at meeting #${id}; there is nothing to excuse.`,
  },
  leaveRecorded: {
    zh: (id: number) => `✅ 已记录你对会议 #${id} 的请假，已告知组织人。会后会议材料会作为补学任务发给你。`,
    en: (id: number) =>
      `✅ Your absence from meeting #${id} is excused and the organiser has been told. After the meeting its material will come to you as a make-up study item.`,
  },
  leaveToOrganiser: {
    zh: (p: { id: number; name: string; reason: string }) => `📝 ${p.name} 请假不参加会议 #${p.id}：${p.reason}`,
    en: (p: { id: number; name: string; reason: string }) => `📝 ${p.name} is excused from meeting #${p.id}: ${p.reason}`,
  },
});
