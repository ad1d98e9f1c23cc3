import { defineTexts, plural } from '../i18n';

type Counts = { expected: number; present: number; rate: string; excused: number; absent: number };

/** The attendance report after a meeting, minutes, listing and cancelling. */
export const reportTexts = defineTexts({
  head: {
    zh: (p: { id: number; type: string; topic: string; when: string; mode: string; scope: string }) =>
      `📋 会议 #${p.id} 考勤：${p.type}「${p.topic}」\n时间：${p.when}（${p.mode}｜${p.scope}）`,
    en: (p: { id: number; type: string; topic: string; when: string; mode: string; scope: string }) =>
      `📋 Meeting #${p.id} attendance: ${p.type} "${p.topic}"\nWhen: ${p.when} (${p.mode} | ${p.scope})`,
  },
  counts: {
    zh: (c: Counts) => `应到 ${c.expected} 人，出席 ${c.present} 人（出席率 ${c.rate}），请假 ${c.excused} 人，缺席 ${c.absent} 人。`,
    en: (c: Counts) => `${c.expected} expected, ${c.present} present (${c.rate}), ${c.excused} excused, ${c.absent} absent.`,
  },
  presentHeader: { zh: () => '出席：', en: () => 'Present:' },
  placeLine: { zh: (place: string, names: string) => `· ${place}：${names}`, en: (place: string, names: string) => `· ${place}: ${names}` },
  excused: { zh: (names: string) => `请假：${names}`, en: (names: string) => `Excused: ${names}` },
  absent: { zh: (names: string) => `缺席：${names}`, en: (names: string) => `Absent: ${names}` },
  guests: { zh: (names: string) => `列席：${names}`, en: (names: string) => `Also present: ${names}` },
  onLeave: { zh: () => '已批准请假', en: () => 'approved leave' },
  makeup: {
    zh: (id: number, n: number) => `补学 #${id} 已发给 ${n} 人（交笔记前会持续提醒）。`,
    en: (id: number, n: number) => `Make-up study #${id} sent to ${plural(n, 'person', 'people')} (reminded until their notes are in).`,
  },
  minutesYes: { zh: () => '纪要：已记录。', en: () => 'Minutes: recorded.' },
  minutesNo: {
    zh: (id: number) => `纪要：未记录（/meeting minutes ${id} 内容）。`,
    en: (id: number) => `Minutes: none yet (/meeting minutes ${id} TEXT).`,
  },
  none: { zh: () => '无', en: () => 'none' },
  notOver: {
    zh: (id: number, end: string) => `会议 #${id} 尚未结束，${end} 之后可以查看考勤报告。`,
    en: (id: number, end: string) => `Meeting #${id} is not over yet; the attendance report is ready after ${end}.`,
  },
  notYours: {
    zh: () => '只有支部书记或本次会议的组织人可以这样做。',
    en: () => 'Only the secretary or the meeting organiser may do that.',
  },
  minutesSaved: {
    zh: (id: number, updated: boolean) => `✅ 已${updated ? '更新' : '记录'}会议 #${id} 的纪要；补学材料同步更新。`,
    en: (id: number, updated: boolean) =>
      `✅ Minutes of meeting #${id} ${updated ? 'updated' : 'saved'}; the make-up study material is updated to match.`,
  },
  listHeader: { zh: () => '📅 会议：', en: () => '📅 Meetings:' },
  listLine: {
    zh: (p: { id: number; type: string; topic: string; when: string; state: string }) => `· #${p.id} ${p.type}「${p.topic}」${p.when}｜${p.state}`,
    en: (p: { id: number; type: string; topic: string; when: string; state: string }) => `· #${p.id} ${p.type} "${p.topic}" ${p.when} | ${p.state}`,
  },
  listEmpty: { zh: () => '📅 近期没有会议。', en: () => '📅 No recent or upcoming meetings.' },
  stateUpcoming: { zh: () => '待开', en: () => 'upcoming' },
  stateOn: { zh: () => '进行中', en: () => 'in progress' },
  stateOver: { zh: (rate: string) => `已结束，出席率 ${rate}`, en: (rate: string) => `over, attendance ${rate}` },
  stateCancelled: { zh: () => '已取消', en: () => 'cancelled' },
  cancelledOk: {
    zh: (id: number) => `已取消会议 #${id}，已通知课堂。`,
    en: (id: number) => `Meeting #${id} cancelled; the classrooms were told.`,
  },
  cancelNotice: {
    zh: (p: { id: number; type: string; topic: string; when: string }) => `❌ 会议 #${p.id} ${p.type}「${p.topic}」（${p.when}）已取消。`,
    en: (p: { id: number; type: string; topic: string; when: string }) => `❌ Meeting #${p.id} ${p.type} "${p.topic}" (${p.when}) is cancelled.`,
  },
  cannotCancelOver: {
    zh: (id: number) => `会议 #${id} 已开始或已结束，不能取消。`,
    en: (id: number) => `Meeting #${id} has already started or ended; it cannot be cancelled.`,
  },
});
