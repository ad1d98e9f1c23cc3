import type { Db } from '../../db/client';
import type { GroupInScope } from '../org/authz.group';
import type { Lang } from '../i18n';
import { matrixChartOption, matrixChartSize } from './matrix-chart';
import { RATE_CHART_SIZE, rateChartOption } from './rate-chart';
import type { RateLine } from './rate-chart';
import type { RenderedChart } from './chart-render';
import { renderChart } from './chart-render';
import { chartTexts } from './charts.text';
import { dailyRates, groupsDayMarks, tallyMarks } from './day-marks';
import type { DateSpan, ReportPeriod } from './period';
import type { ReportQuery } from './report-query';
import { reportTexts } from './report.text';
import { REPORT_SECTIONS } from './report-sections';

/** Up to this many groups get a line of their own; beyond it the chart shows the branch and the lowest ones. */
const MAX_LINES = 8;
const LOWEST_LINES = 5;

export type ReportRequest = {
  db: Db;
  now: Date;
  lang: Lang;
  branchId: number;
  /** What the report is called: the group's name, or the branch's. */
  scope: string;
  groups: GroupInScope[];
  wholeBranch: boolean;
  period: ReportPeriod;
  span: DateSpan;
};

export type Report = { text: string; chart: RenderedChart; filename: string };

/** Loads the day marks of every group in scope once: the text and the chart are both made from them. */
export async function reportQuery(req: ReportRequest): Promise<ReportQuery> {
  const marks = await groupsDayMarks(req.db, req.groups, req.span.days, req.now);
  return {
    db: req.db,
    now: req.now,
    lang: req.lang,
    branchId: req.branchId,
    groups: req.groups,
    wholeBranch: req.wholeBranch,
    span: req.span,
    marks,
  };
}

/** The text summary: a heading and one or more lines from every section. */
export async function reportText(req: ReportRequest, q: ReportQuery): Promise<string> {
  const t = reportTexts(req.lang);
  const lines = [t.head({ scope: req.scope, period: req.period, from: req.span.from, to: req.span.to })];
  for (const section of REPORT_SECTIONS) lines.push(...(await section.lines(q)));
  if (!isMatrix(req) && req.groups.length > MAX_LINES) lines.push(t.chartLowest(LOWEST_LINES));
  return lines.join('\n');
}

/** One group: the member × day matrix; several: the rate per day, one line per group (or the lowest few). */
const isMatrix = (req: ReportRequest) => !req.wholeBranch && req.groups.length === 1;

export async function reportChart(req: ReportRequest, q: ReportQuery): Promise<RenderedChart> {
  const { span, lang } = req;
  const [group] = req.groups;
  if (isMatrix(req) && group) {
    const members = q.marks.get(group.id) ?? [];
    const input = { lang, group: group.name, from: span.from, to: span.to, days: span.days, members };
    return renderChart(matrixChartOption(input), matrixChartSize(span.days.length, members.length));
  }
  const lines: RateLine[] = req.groups.map((g) => ({ name: g.name, rates: dailyRates(q.marks.get(g.id) ?? [], span.days.length) }));
  const branch = { name: chartTexts(lang).branchLine(), rates: dailyRates([...q.marks.values()].flat(), span.days.length) };
  const shown = lines.length <= MAX_LINES ? [...lines, ...(lines.length > 1 ? [branch] : [])] : [branch, ...lowest(req, q, lines)];
  return renderChart(rateChartOption({ lang, scope: req.scope, from: span.from, to: span.to, days: span.days, lines: shown }), RATE_CHART_SIZE);
}

function lowest(req: ReportRequest, q: ReportQuery, lines: RateLine[]): RateLine[] {
  const rate = (groupId: number) => {
    const t = tallyMarks(q.marks.get(groupId) ?? []);
    return t.required === 0 ? 1 : t.reported / t.required;
  };
  const order = req.groups.map((g, i) => ({ line: lines[i], rate: rate(g.id) })).sort((a, b) => a.rate - b.rate);
  return order.slice(0, LOWEST_LINES).flatMap((o) => (o.line ? [o.line] : []));
}

/** The whole report: text and chart image. */
export async function buildReport(req: ReportRequest): Promise<Report> {
  const q = await reportQuery(req);
  const text = await reportText(req, q);
  const chart = await reportChart(req, q);
  return { text, chart, filename: `report-${req.period}-${req.span.from}.png` };
}
