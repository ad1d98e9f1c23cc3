import { defineTexts, plural, quoteZh } from '../i18n';
import type { SafetyLevel } from './safety/assess';

const LEVEL_ZH: Record<SafetyLevel, string> = { urgent: '紧急', attention: '需关注', none: '正常' };
const LEVEL_EN: Record<SafetyLevel, string> = { urgent: 'urgent', attention: 'needs attention', none: 'normal' };
type Alert = { name: string; date: string; text: string; by: string | null };

type Counts = { date: string; group: string; required: number; reported: number; unreported: number; leave: number };

/** "1 person has" / "3 people have", before "not checked in". */
const notCheckedIn = (n: number) => (n === 1 ? '1 person has' : `${n} people have`);

/** The statuses a report is stored with (in Chinese, whatever the member typed), as an English reader says them. */
const STATUS_EN: Record<string, string> = { 在岗: 'on duty', 出差途中: 'travelling', 返厂: 'back at the factory', 休假: 'on leave', 平安: 'safe' };
const statusEn = (status: string) => STATUS_EN[status] ?? status;

export const checkinTexts = defineTexts({
  saved: {
    zh: (p: { name: string; date: string; updated: boolean; late: boolean; proxy: string | null }) =>
      `✅ 已${p.updated ? '更新' : '收到'} ${p.name} ${p.date} 的报告${p.late ? '（补报）' : ''}${p.proxy ? `，由 ${p.proxy} 代报` : ''}。`,
    en: (p: { name: string; date: string; updated: boolean; late: boolean; proxy: string | null }) =>
      `✅ ${p.updated ? 'Updated' : 'Recorded'} ${p.name}'s check-in for ${p.date}${p.late ? ' (late)' : ''}${p.proxy ? `, sent in by ${p.proxy}` : ''}.`,
  },
  details: {
    zh: (p: { place: string; status: string; note: string }) => `地点：${p.place}｜状态：${p.status}｜备注：${p.note}`,
    en: (p: { place: string; status: string; note: string }) => `Place: ${p.place} | status: ${statusEn(p.status)} | note: ${p.note}`,
  },
  unsafeNoted: {
    zh: () => '⚠️ 已立即通知党小组长和支部书记，请保持联系；需要帮助请随时说。',
    en: () => '⚠️ Your group leader and the secretary have been told at once. Stay in touch; say if you need help.',
  },
  empty: { zh: () => '—', en: () => '—' },
  emptyReport: {
    zh: () => '请写上地点和状态，例如：/checkin 云南曲靖 在岗 一切正常',
    en: () => 'Say where you are and how, e.g. /checkin Qujing on duty all well',
  },
  remindedRecently: {
    zh: (at: string, minutes: number) => `${at} 刚提醒过，${minutes} 分钟内不再重复提醒，免得反复打扰大家。`,
    en: (at: string, minutes: number) =>
      `A reminder went out at ${at}; there is no second one within ${minutes} minutes, so nobody is pestered twice.`,
  },
  noGroup: {
    zh: () => '你还不属于任何党小组，无法报平安。请联系支部书记。',
    en: () => 'You are not in a group yet, so you cannot check in. Ask the secretary.',
  },
  ownAttendanceOnly: {
    zh: () => '组员只能查看自己的考勤，不用写党小组',
    en: () => 'a member sees their own attendance only; leave the group out',
  },
  futureDate: { zh: () => '不能为将来的日期报平安。', en: () => 'You cannot check in for a future date.' },
  notOpen: {
    zh: (prompt: string) =>
      `现在还不到报平安的时间（应报日 ${prompt} 开始），这条没有记录。如果现在就要报，请发送 /checkin 加上内容，例如 /checkin 云南曲靖 在岗。`,
    en: (prompt: string) =>
      `It is not check-in time yet (from ${prompt} on required days), so this was not recorded. To check in now, send /checkin with your report, e.g. /checkin Qujing on duty.`,
  },
  dayForms: {
    zh: (word: string) => `「${word}」不是可用的日期：可写成 2026-12-01、12-01、12月1日、1号、昨天（2000 年以后、两年之内）`,
    en: (word: string) => `"${word}" is not a date that can be used: write 2026-12-01, 12-01, Dec 1 or yesterday (from 2000 to two years ahead)`,
  },
  tooOld: {
    zh: (days: number) => `只能补报最近 ${days} 天内的报告。`,
    en: (days: number) => `You can back-fill only the last ${days === 1 ? 'day' : `${days} days`}.`,
  },
  proxyNotAllowed: {
    zh: () => '只有党小组长或支部书记可以代报（/checkin @姓名 …）。',
    en: () => 'Only a group leader or the secretary may check in for someone else (/checkin @NAME …).',
  },
  unsafeAlert: {
    zh: (p: Alert) => `⚠️ 安全提醒：${p.name}（${p.date}）报告：${quoteZh(p.text)}${p.by ? `（${p.by} 代报）` : ''}。请尽快联系。`,
    en: (p: Alert) => `⚠️ Safety alert: ${p.name} (${p.date}) reported: "${p.text}"${p.by ? ` (reported by ${p.by})` : ''}. Please get in touch now.`,
  },
  helpAlert: {
    zh: (p: Alert) => `⚠️ 安全提醒：${p.name}（${p.date}）报告 ${quoteZh(p.text)}，本人回复需要组织帮助。请尽快联系。`,
    en: (p: Alert) => `⚠️ Safety alert: ${p.name} (${p.date}) reported "${p.text}" and answered that they need help. Please get in touch now.`,
  },
  helpQuestion: {
    zh: () => '需要组织帮助吗？回复 1 需要，回复 2 不需要。',
    en: () => 'Do you need help from the branch? Reply 1 for yes, 2 for no.',
  },
  helpYes: {
    zh: () => '⚠️ 已立即通知党小组长和支部书记，请保持电话畅通。',
    en: () => '⚠️ Your group leader and the secretary have been told at once. Keep your phone on.',
  },
  helpNoAfterAlert: {
    zh: () => '好的，已记下你暂不需要组织帮助。党小组长已收到你的报告，可能会联系你。保重身体。',
    en: () => "Noted: you don't need help for now. Your group leader has your report and may call you. Take care.",
  },
  helpNo: {
    zh: () => '好的，已记下，不通知党小组长。保重身体，有情况随时说。',
    en: () => 'Noted; nobody will be alerted. Take care, and say if anything changes.',
  },
  proxyWouldOverwrite: {
    zh: (p: { name: string; text: string }) =>
      `${p.name} 今天已经自己报过平安：${quoteZh(p.text)}。代报没有覆盖本人的报告；如有变化，请本人再报一次。`,
    en: (p: { name: string; text: string }) =>
      `${p.name} has already checked in today: "${p.text}". Your check-in did not replace theirs; if anything has changed, ask them to check in again.`,
  },
  levelName: { zh: (level: SafetyLevel) => LEVEL_ZH[level], en: (level: SafetyLevel) => LEVEL_EN[level] },
  flagLevel: {
    zh: (level: SafetyLevel) => (level === 'none' ? '' : ` ⚠️${LEVEL_ZH[level]}`),
    en: (level: SafetyLevel) => (level === 'none' ? '' : ` ⚠️ ${LEVEL_EN[level]}`),
  },
  flagHelp: {
    zh: (help: 'asked' | 'yes' | 'no') => ({ asked: '（已问是否需要帮助，未回复）', yes: '（本人需要帮助）', no: '（本人表示不需要帮助）' })[help],
    en: (help: 'asked' | 'yes' | 'no') =>
      ({ asked: ' (asked if they need help, no answer yet)', yes: ' (asked for help)', no: ' (said they need no help)' })[help],
  },
  earlierReport: {
    zh: (p: { text: string; level: SafetyLevel }) => `   早些时候报告：${quoteZh(p.text)}（${LEVEL_ZH[p.level]}）`,
    en: (p: { text: string; level: SafetyLevel }) => `   Earlier today: "${p.text}" (${LEVEL_EN[p.level]})`,
  },
  silentAlert: {
    zh: (p: { name: string; days: number; since: string }) =>
      `⚠️ 安全提醒：${p.name} 自 ${p.since} 起已连续 ${p.days} 个应报日未报告，请尽快联系确认平安。`,
    en: (p: { name: string; days: number; since: string }) =>
      `⚠️ Safety alert: ${p.name} has not checked in on ${p.days === 1 ? 'a required day' : `${p.days} required days in a row`} (since ${p.since}). Please make sure they are safe.`,
  },
  /** `mentionOnly`: the bot sees only messages that @-mention it in this group (WeCom's official bot). */
  prompt: {
    zh: (p: { date: string; day: string; count: number; mentionOnly?: boolean }) =>
      `☀️ ${p.date}${p.day ? `（${p.day}）` : ''} 每日报平安：今天应报 ${p.count} 人。\n` +
      (p.mentionOnly
        ? '请 @我 回复，或发送 @我 /报平安 地点 状态 备注，例如：@我 /报平安 云南曲靖 在岗 一切正常'
        : '直接回复本消息，或发送 /checkin 地点 状态 备注，例如：/checkin 云南曲靖 在岗 一切正常'),
    en: (p: { date: string; day: string; count: number; mentionOnly?: boolean }) =>
      `☀️ ${p.date}${p.day ? ` (${p.day})` : ''} daily check-in: ${plural(p.count, 'person', 'people')} to check in today.\n` +
      (p.mentionOnly
        ? 'Reply with @me, or send @me /checkin PLACE STATUS NOTE, e.g. @me /checkin Qujing on duty all well'
        : 'Reply to this message, or send /checkin PLACE STATUS NOTE, e.g. /checkin Qujing on duty all well'),
  },
  privatePrompt: {
    zh: (date: string) => `☀️ ${date} 请报平安：直接回复地点和状态即可，例如「云南曲靖 在岗」。`,
    en: (date: string) => `☀️ ${date}: please check in — just reply with where you are and how, e.g. "Qujing on duty".`,
  },
  reminder: {
    zh: (date: string) => `⏰ ${date} 你还没有报平安，请尽快报告（回复地点和状态，或发送 /checkin）。`,
    en: (date: string) => `⏰ You have not checked in for ${date} yet. Please check in now (reply with where you are and how, or send /checkin).`,
  },
  groupReminder: {
    zh: (date: string, n: number) => `⏰ ${date} 还有 ${n} 人未报平安，请尽快报平安。`,
    en: (date: string, n: number) => `⏰ ${notCheckedIn(n)} not checked in for ${date} yet. Please check in now.`,
  },
  summaryCounts: {
    zh: (c: Counts) =>
      `📋 ${c.group} ${c.date} 报平安小结：应报 ${c.required} 人，已报 ${c.reported} 人，未报 ${c.unreported} 人，请假 ${c.leave} 人。`,
    en: (c: Counts) =>
      `📋 ${c.group} ${c.date} check-in summary: ${c.required} required, ${c.reported} checked in, ${c.unreported} not checked in, ${c.leave} on leave.`,
  },
  summaryNames: {
    zh: (names: string) => `未报：${names}`,
    en: (names: string) => `Not checked in: ${names}`,
  },
  detailHeader: {
    zh: (group: string, date: string) => `📋 ${group} ${date} 报平安明细：`,
    en: (group: string, date: string) => `📋 ${group} ${date} check-ins:`,
  },
  detailLine: {
    zh: (p: { name: string; place: string; status: string; note: string; flags: string }) =>
      `· ${p.name}｜${p.place}｜${p.status}｜${p.note}${p.flags}`,
    en: (p: { name: string; place: string; status: string; note: string; flags: string }) =>
      `· ${p.name} | ${p.place} | ${statusEn(p.status)} | ${p.note}${p.flags}`,
  },
  flagLate: { zh: () => '（补报）', en: () => ' (late)' },
  flagProxy: { zh: (by: string) => `（${by} 代报）`, en: (by: string) => ` (by ${by})` },
  notRequired: {
    zh: (date: string) => `${date} 不是应报日（节假日或休息日）。`,
    en: (date: string) => `${date} is not a required day (holiday or day off).`,
  },
  allReported: { zh: (date: string) => `${date} 全部已报平安 👍`, en: (date: string) => `Everyone has checked in for ${date} 👍` },
  unreportedList: {
    zh: (date: string, n: number, names: string) => `${date} 未报 ${n} 人：${names}`,
    en: (date: string, n: number, names: string) => `${notCheckedIn(n)} not checked in for ${date}: ${names}`,
  },
  unreportedCount: {
    zh: (date: string, n: number) => `${date} 未报 ${n} 人。`,
    en: (date: string, n: number) => `${notCheckedIn(n)} not checked in for ${date}.`,
  },

  reminded: {
    zh: (n: number) => `已提醒 ${n} 人。`,
    en: (n: number) => `Reminded ${plural(n, 'person', 'people')}.`,
  },
  remindedSome: {
    zh: (n: number, names: string) => `已提醒 ${n} 人。其中 ${names} 还没有加入机器人，收不到私信，请电话联系。`,
    en: (n: number, names: string) =>
      `Reminded ${plural(n, 'person', 'people')}. ${names} have not joined the bot yet, so private messages cannot reach them; please phone them.`,
  },
  futureUnreported: {
    zh: () => '不能查询将来的日期：到那天才知道谁没有报平安。请写今天或以前的日期（YYYY-MM-DD）。',
    en: () => 'That date is in the future: nobody can have missed it yet. Give today or an earlier date (YYYY-MM-DD).',
  },
  reportTooLong: {
    zh: (max: number) => `报告太长了（最多 ${max} 个字），请写得简短些：地点、状态和一句备注。`,
    en: (max: number) => `That report is too long (at most ${max} characters). Keep it short: place, status and a short note.`,
  },
  secretaryNoGroup: {
    zh: () => '你是支部书记，不属于任何党小组，不需要每日报平安。如果也想报平安，请把自己加入一个党小组（/member set）。',
    en: () => 'As the secretary you are in no group and need not check in. To report anyway, add yourself to a group (/member set).',
  },
  nobodyToRemind: { zh: () => '没有需要提醒的人。', en: () => 'Nobody to remind.' },
  myHeader: {
    zh: (p: { days: number; streak: number; missed: string }) =>
      `最近 ${p.days} 天的报告${p.streak ? `（已连续 ${p.streak} 个应报日报平安）` : ''}。漏报：${p.missed}`,
    en: (p: { days: number; streak: number; missed: string }) =>
      `Your check-ins over the last ${p.days === 1 ? 'day' : `${p.days} days`}${p.streak ? ` (checked in on ${p.streak} required ${p.streak === 1 ? 'day' : 'days'} in a row)` : ''}. Missed: ${p.missed}`,
  },
  myLine: {
    zh: (p: { date: string; text: string }) => `· ${p.date} ${p.text}`,
    en: (p: { date: string; text: string }) => `· ${p.date} ${p.text}`,
  },
  none: { zh: () => '无', en: () => 'none' },
  attendanceHeader: {
    zh: (month: string) => `${month} 考勤（应报日 / 已报 / 补报 / 请假 / 漏报）：`,
    en: (month: string) => `${month} attendance (required / reported / late / leave / missed):`,
  },
  attendanceLine: {
    zh: (p: { name: string; required: number; reported: number; late: number; leave: number; missed: number }) =>
      `· ${p.name}：${p.required} / ${p.reported} / ${p.late} / ${p.leave} / ${p.missed}`,
    en: (p: { name: string; required: number; reported: number; late: number; leave: number; missed: number }) =>
      `· ${p.name}: ${p.required} / ${p.reported} / ${p.late} / ${p.leave} / ${p.missed}`,
  },
  buttonSafe: { zh: () => '平安 在岗', en: () => 'Safe, on duty' },
  buttonTravel: { zh: () => '出差途中', en: () => 'Travelling' },
  /** What a tap on each button sends, in the group's words (both parse to the same status). */
  buttonSafeCommand: { zh: () => '/checkin 平安 在岗', en: () => '/checkin safe on duty' },
  buttonTravelCommand: { zh: () => '/checkin 出差途中', en: () => '/checkin travelling' },
});
