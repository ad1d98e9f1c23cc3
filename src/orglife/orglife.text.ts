import { defineTexts } from '../i18n';

type Line = { type: string; held: number; rule: string | null; ok: boolean };
type GapLine = { type: string; where: string; missing: boolean; planned: number };

/** /orglife and the quarter-end reminder: 三会一课 held against the rules, and the gaps. */
export const orglifeTexts = defineTexts({
  head: {
    zh: (y: number, q: number) => `📊 ${y} 年第 ${q} 季度组织生活（三会一课）：`,
    en: (y: number, q: number) => `📊 Party organisational life (three meetings and one lecture), ${y} Q${q}:`,
  },
  line: {
    zh: (l: Line) => `· ${l.type}：${l.held} 次${l.rule ? `（要求${l.rule}）${l.ok ? ' ✅' : ' ⚠️'}` : ''}`,
    en: (l: Line) => `· ${l.type}: ${l.held} held${l.rule ? ` (required: ${l.rule})${l.ok ? ' ✅' : ' ⚠️'}` : ''}`,
  },
  perMonth: { zh: () => '每月至少 1 次', en: () => 'at least once a month' },
  perGroupMonth: { zh: () => '每个党小组每月至少 1 次', en: () => 'at least once a month in every group' },
  perQuarter: { zh: () => '每季度至少 1 次', en: () => 'at least once a quarter' },
  gapsHeader: { zh: () => '缺口：', en: () => 'Gaps:' },
  gap: {
    zh: (g: GapLine) => `· ${g.type}：${g.where}${g.missing ? '未召开' : '尚未召开'}${g.planned ? `（已安排 ${g.planned} 次）` : ''}`,
    en: (g: GapLine) => `· ${g.type}: ${g.where}${g.missing ? 'none held' : 'none held yet'}${g.planned ? ` (${g.planned} arranged)` : ''}`,
  },
  noGaps: { zh: () => '本季度各项要求均已达到 👍', en: () => 'Every requirement is met this quarter 👍' },
  month: { zh: (m: string) => `${Number(m.slice(5))}月 `, en: (m: string) => `${m} ` },
  quarterWhole: { zh: () => '本季度', en: () => 'this quarter ' },
  attendanceHeader: { zh: () => '各次会议出席率：', en: () => 'Attendance per meeting:' },
  attendanceLine: {
    zh: (p: { id: number; date: string; type: string; topic: string; present: number; expected: number; rate: string; excused: number }) =>
      `· #${p.id} ${p.date} ${p.type}「${p.topic}」出席 ${p.present}/${p.expected}（${p.rate}），请假 ${p.excused}`,
    en: (p: { id: number; date: string; type: string; topic: string; present: number; expected: number; rate: string; excused: number }) =>
      `· #${p.id} ${p.date} ${p.type} "${p.topic}": ${p.present}/${p.expected} present (${p.rate}), ${p.excused} excused`,
  },
  badQuarter: {
    zh: () => '年份和季度应写成：/orglife 2026 4（或 2026Q4、Q4），季度为 1 到 4',
    en: () => 'write the year and quarter as /orglife 2026 4 (or 2026Q4, Q4); the quarter is 1 to 4',
  },
  reminder: {
    zh: (y: number, q: number, gaps: string) => `⏰ ${y} 年第 ${q} 季度还剩一周，以下组织生活尚未召开，请及时安排：\n${gaps}`,
    en: (y: number, q: number, gaps: string) =>
      `⏰ One week is left in ${y} Q${q} and these meetings have not been held yet; please arrange them:\n${gaps}`,
  },
});
