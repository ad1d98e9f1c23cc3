import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { matrixChartOption, matrixChartSize } from '../src/reports/matrix-chart';
import { RATE_CHART_SIZE, rateChartOption } from '../src/reports/rate-chart';
import { renderChart } from '../src/reports/chart-render';
import type { DayMark } from '../src/reports/marks';
import { datesBetween } from '../src/time';

const GROUP = '原料物资科党小组';
const FROM = '2026-12-01';
const days = datesBetween(FROM, '2026-12-07');

/** Standard deviation of the PNG's grey levels: 0 for a blank (one-colour) image. */
function greySpread(png: Buffer): { width: number; height: number; spread: number; darkShare: number } {
  const img = PNG.sync.read(png);
  let sum = 0;
  let sq = 0;
  let dark = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const g = ((img.data[i * 4] ?? 0) + (img.data[i * 4 + 1] ?? 0) + (img.data[i * 4 + 2] ?? 0)) / 3;
    sum += g;
    sq += g * g;
    if (g < 128) dark++;
  }
  const mean = sum / n;
  return { width: img.width, height: img.height, spread: Math.sqrt(sq / n - mean * mean), darkShare: dark / n };
}

describe('report charts', () => {
  it('rate chart: the SVG names each group, the PNG is 1600×900 at 2× and not blank', async () => {
    const lines = [
      { name: GROUP, rates: [100, 75, 50, null, 100, null, null] },
      { name: '烟叶收购二组', rates: [80, 80, 60, null, 90, null, null] },
    ];
    const chart = await renderChart(rateChartOption({ lang: 'zh', scope: '第一党支部', from: FROM, to: '2026-12-07', days, lines }), RATE_CHART_SIZE);
    expect(chart.svg).toContain(GROUP);
    expect(chart.svg).toContain('烟叶收购二组');
    expect(chart.svg).toContain('第一党支部 报平安率（2026-12-01 至 2026-12-07）');
    const px = greySpread(chart.png);
    expect([px.width, px.height]).toEqual([1600, 900]);
    expect(px.spread).toBeGreaterThan(10);
    expect(px.darkShare).toBeGreaterThan(0.001);
  });

  it('matrix chart: the SVG holds the group, names and marks; the PNG grows with days and members', async () => {
    const marks: DayMark[] = ['reported', 'late', 'leave', 'missed', 'rest', 'rest', 'open'];
    const members = ['张云', '刘川', '陈闽'].map((name) => ({ name, marks }));
    const input = { lang: 'zh' as const, group: GROUP, from: FROM, to: '2026-12-07', days, members };
    const size = matrixChartSize(days.length, members.length);
    const chart = await renderChart(matrixChartOption(input), size);
    expect(chart.svg).toContain(GROUP);
    for (const text of ['张云', '陈闽', '>报<', '>迟<', '>假<', '>缺<', '非应报日']) expect(chart.svg).toContain(text);
    const px = greySpread(chart.png);
    expect([px.width, px.height]).toEqual([size.width * 2, size.height * 2]);
    expect(size.height).toBe(96 + 40 + 26 * 3);
    expect(px.spread).toBeGreaterThan(10);
  });

  it('English readers get English titles and keys', async () => {
    const input = { lang: 'en' as const, group: GROUP, from: FROM, to: FROM, days: [FROM], members: [{ name: 'Zhang', marks: ['missed' as const] }] };
    const chart = await renderChart(matrixChartOption(input), matrixChartSize(1, 1));
    expect(chart.svg).toContain(`${GROUP}: check-ins (2026-12-01 to 2026-12-01)`);
    expect(chart.svg).toContain('M missed');
  });
});
