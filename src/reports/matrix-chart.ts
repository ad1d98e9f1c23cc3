import type { EChartsOption } from 'echarts';
import type { Lang } from '../i18n';
import type { LocalDate } from '../time';
import type { DayMark } from './marks';
import { MARK_COLOURS, MARK_ORDER, markCell, markLabel } from './marks';
import { chartTexts } from './charts.text';
import type { ChartSize } from './chart-render';

export type MatrixRow = { name: string; marks: DayMark[] };
export type MatrixChartInput = { lang: Lang; group: string; from: LocalDate; to: LocalDate; days: LocalDate[]; members: MatrixRow[] };

const CELL_W = 28;
const CELL_H = 26;
const MARGIN = { left: 90, right: 20, top: 96, bottom: 40 };
/** The marks with a colour key; 'open' and 'none' are blank cells. */
const KEYED: readonly DayMark[] = ['reported', 'late', 'leave', 'missed', 'rest'];

/** Grows with the month and the roster so every cell stays readable. */
export function matrixChartSize(days: number, members: number): ChartSize {
  return {
    width: Math.max(480, MARGIN.left + MARGIN.right + CELL_W * days),
    height: MARGIN.top + MARGIN.bottom + CELL_H * Math.max(1, members),
  };
}

/** Member × day: one cell per day with 报 / 迟 / 假 / 缺 / － on the mark's colour. */
export function matrixChartOption(input: MatrixChartInput): EChartsOption {
  const { lang } = input;
  const t = chartTexts(lang);
  const data = input.members.flatMap((m, y) => m.marks.map((mark, x) => [x, y, MARK_ORDER.indexOf(mark)]));
  return {
    title: { text: t.matrixTitle({ group: input.group, from: input.from, to: input.to }), left: 'center', textStyle: { fontSize: 16 } },
    grid: { ...MARGIN, containLabel: false },
    xAxis: { type: 'category', data: input.days.map((d) => d.slice(8)), position: 'top', splitArea: { show: false }, axisTick: { show: false } },
    yAxis: { type: 'category', data: input.members.map((m) => m.name), inverse: true, axisTick: { show: false } },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      orient: 'horizontal',
      left: 'center',
      top: 34,
      itemWidth: 14,
      itemHeight: 14,
      pieces: KEYED.map((mark) => ({
        value: MARK_ORDER.indexOf(mark),
        color: MARK_COLOURS[mark],
        label: `${markCell(lang, mark)} ${markLabel(lang, mark)}`,
      })),
      outOfRange: { color: '#ffffff' },
    },
    series: [
      {
        type: 'heatmap',
        data,
        itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        label: {
          show: true,
          fontSize: 12,
          color: '#222222',
          formatter: (p) => markCell(lang, MARK_ORDER[(p.value as number[])[2] as number] ?? 'none'),
        },
      },
    ],
  };
}
