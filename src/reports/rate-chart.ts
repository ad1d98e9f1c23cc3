import type { EChartsOption } from 'echarts';
import type { Lang } from '../i18n';
import type { LocalDate } from '../time';
import { chartTexts } from './charts.text';
import type { ChartSize } from './chart-render';

/** One line: a group (or the whole branch); `rates` per day in percent, null on a day nobody had to report. */
export type RateLine = { name: string; rates: (number | null)[] };
export type RateChartInput = { lang: Lang; scope: string; from: LocalDate; to: LocalDate; days: LocalDate[]; lines: RateLine[] };

export const RATE_CHART_SIZE: ChartSize = { width: 800, height: 450 };

/** Check-in rate per day, one line per group; a single day is drawn as one bar per group instead. */
export function rateChartOption(input: RateChartInput): EChartsOption {
  const t = chartTexts(input.lang);
  const single = input.days.length === 1;
  const common: EChartsOption = {
    title: { text: t.rateTitle({ scope: input.scope, from: input.from, to: input.to }), left: 'center', textStyle: { fontSize: 16 } },
    grid: { top: 90, left: 60, right: 30, bottom: 50 },
    yAxis: { type: 'value', min: 0, max: 100, name: t.rateAxis(), nameTextStyle: { align: 'left' } },
  };
  if (single) {
    return {
      ...common,
      xAxis: { type: 'category', data: input.lines.map((l) => l.name), axisLabel: { interval: 0, rotate: input.lines.length > 6 ? 30 : 0 } },
      series: [{ type: 'bar', data: input.lines.map((l) => l.rates[0] ?? null), label: { show: true, position: 'top', formatter: '{c}%' } }],
    };
  }
  return {
    ...common,
    legend: { top: 36, data: input.lines.map((l) => l.name) },
    xAxis: { type: 'category', data: input.days.map((d) => d.slice(5)), boundaryGap: false },
    series: input.lines.map((l) => ({ type: 'line', name: l.name, data: l.rates, connectNulls: false, symbolSize: 6 })),
  };
}
