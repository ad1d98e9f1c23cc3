import { defineTexts, plural } from '../i18n';
import type { DayTally } from './day-marks';

const PERIOD_ZH = { day: '日报', week: '周报', month: '月报' } as const;
const PERIOD_EN = { day: 'Daily report', week: 'Weekly report', month: 'Monthly report' } as const;
type Period = keyof typeof PERIOD_ZH;
type Head = { scope: string; period: Period; from: string; to: string };
type Checkins = DayTally & { rate: string; leavePeople: number };
type Study = { items: number; done: number; total: number; rate: string };
type Care = { opened: number; types: string; urgent: number; closed: number; visits: number; families: number };
type Meetings = { held: number; types: string; present: number; expected: number; rate: string; excused: number; absent: number };

export const reportTexts = defineTexts({
  head: {
    zh: (p: Head) => `📊 ${p.scope} ${PERIOD_ZH[p.period]}（${p.from === p.to ? p.from : `${p.from} 至 ${p.to}`}）`,
    en: (p: Head) => `📊 ${p.scope}: ${PERIOD_EN[p.period].toLowerCase()} (${p.from === p.to ? p.from : `${p.from} to ${p.to}`})`,
  },
  checkins: {
    zh: (p: Checkins) =>
      `报平安：应报 ${p.required} 人次，已报 ${p.reported}（${p.rate}），其中补报 ${p.late}；漏报 ${p.missed}` +
      `${p.open ? `；今日未报 ${p.open}` : ''}；请假 ${p.leavePeople} 人、共 ${p.leave} 天`,
    en: (p: Checkins) =>
      `Check-ins: ${p.reported} of ${p.required} required (${p.rate}), ${p.late} of them late; ${p.missed} missed` +
      `${p.open ? `; ${p.open} not yet in today` : ''}; on leave: ${plural(p.leavePeople, 'person', 'people')}, ${plural(p.leave, 'day')} in all`,
  },
  lowestGroups: {
    zh: (list: string) => `报平安率最低的党小组：${list}`,
    en: (list: string) => `Groups with the lowest check-in rate: ${list}`,
  },
  safetyNone: { zh: () => '安全：没有紧急或需关注的报告', en: () => 'Safety: no urgent reports and none needing attention' },
  safety: {
    zh: (p: { urgent: number; attention: number }) =>
      `⚠️ 安全：${[p.urgent ? `紧急 ${p.urgent} 条` : '', p.attention ? `需关注 ${p.attention} 条` : ''].filter(Boolean).join('，')}`,
    en: (p: { urgent: number; attention: number }) =>
      `⚠️ Safety: ${[p.urgent ? `${p.urgent} urgent` : '', p.attention ? `${p.attention} needing attention` : ''].filter(Boolean).join(', ')}`,
  },
  silences: { zh: (list: string) => `⚠️ 长时间未报平安：${list}`, en: (list: string) => `⚠️ Long silences: ${list}` },
  silence: {
    zh: (p: { name: string; since: string; days: number }) => `${p.name}（${p.since} 起连续 ${p.days} 个应报日）`,
    en: (p: { name: string; since: string; days: number }) => `${p.name} (${plural(p.days, 'required day')} from ${p.since})`,
  },
  safetyLine: {
    zh: (p: { name: string; date: string; urgent: boolean; text: string }) => `  · ${p.name} ${p.date}（${p.urgent ? '紧急' : '需关注'}）：${p.text}`,
    en: (p: { name: string; date: string; urgent: boolean; text: string }) =>
      `  · ${p.name} ${p.date} (${p.urgent ? 'urgent' : 'needs attention'}): ${p.text}`,
  },
  andMore: { zh: (n: number) => `  …… 另有 ${n} 条`, en: (n: number) => `  … and ${n} more` },
  studyNone: { zh: () => '学习：期间没有发布学习', en: () => 'Study: nothing was posted in this period' },
  study: {
    zh: (p: Study) => `学习：${p.items} 项，完成 ${p.done}/${p.total} 人次（${p.rate}）`,
    en: (p: Study) => `Study: ${p.items} ${p.items === 1 ? 'item' : 'items'}, ${p.done} of ${p.total} done (${p.rate})`,
  },
  meetingsNone: { zh: () => '会议：期间没有召开会议', en: () => 'Meetings: none held in this period' },
  meetings: {
    zh: (p: Meetings) => `会议：${p.held} 次（${p.types}），出席 ${p.present}/${p.expected}（${p.rate}），请假 ${p.excused}，缺席 ${p.absent}`,
    en: (p: Meetings) =>
      `Meetings: ${p.held} held (${p.types}); ${p.present} of ${p.expected} attended (${p.rate}), ${p.excused} excused, ${p.absent} absent`,
  },
  makeup: {
    zh: (p: { done: number; total: number }) => `补学：完成 ${p.done}/${p.total}`,
    en: (p: { done: number; total: number }) => `Make-up study: ${p.done} of ${p.total} done`,
  },
  careNone: { zh: () => '关爱：期间没有关爱工单和家访', en: () => 'Care: no tickets and no home visits in this period' },
  care: {
    zh: (p: Care) =>
      `关爱：新建工单 ${p.opened} 张${p.types ? `（${p.types}）` : ''}${p.urgent ? `，其中紧急 ${p.urgent}` : ''}；办结 ${p.closed} 张；` +
      `家访 ${p.visits} 次，走访家庭 ${p.families} 户`,
    en: (p: Care) =>
      `Care: ${p.opened} ${p.opened === 1 ? 'ticket' : 'tickets'} raised${p.types ? ` (${p.types})` : ''}${p.urgent ? `, ${p.urgent} urgent` : ''}; ` +
      `${p.closed} closed; ${p.visits} home ${p.visits === 1 ? 'visit' : 'visits'} to ${p.families} ${p.families === 1 ? 'family' : 'families'}`,
  },
  chartLowest: {
    zh: (n: number) => `图中为全支部及报平安率最低的 ${n} 个党小组。`,
    en: (n: number) => `The chart shows the whole branch and the ${n === 1 ? 'group' : `${n} groups`} with the lowest check-in rate.`,
  },
  noGroups: { zh: () => '没有可统计的党小组。', en: () => 'There is no group to report on.' },
});
