import type { EChartsOption } from 'echarts';
import { CHART_FONT_FAMILY, chartFontFiles } from './chart-font';

export type ChartSize = { width: number; height: number };
export type RenderedChart = { svg: string; png: Buffer; width: number; height: number };

type ECharts = typeof import('echarts');
let echarts: Promise<ECharts> | undefined;

/** ECharts costs about half a second to import: only a process that draws a chart pays for it. */
const loadEcharts = (): Promise<ECharts> => {
  echarts ??= import('echarts');
  return echarts;
};

/** Server-side rendering to an SVG string; no canvas, no browser. */
export async function renderSvg(option: EChartsOption, size: ChartSize): Promise<string> {
  const lib = await loadEcharts();
  const chart = lib.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: CHART_FONT_FAMILY }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Rasterises with resvg and the shipped CJK font (without it every Chinese character is an empty box).
 * resvg-js on Node takes font files only, not buffers; the file stays in the OS page cache after the first read.
 * `renderAsync` draws on resvg's own thread, so the bot keeps answering meanwhile.
 */
export async function renderPng(svg: string, scale = 2): Promise<Buffer> {
  const { renderAsync } = await import('@resvg/resvg-js');
  const font = chartFontFiles();
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: {
      fontFiles: [font.regular, font.bold],
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
  });
  return image.asPng();
}

/** Both forms of one chart: the SVG (text, searchable) and the PNG a chat shows. */
export async function renderChart(option: EChartsOption, size: ChartSize, scale = 2): Promise<RenderedChart> {
  const svg = await renderSvg(option, size);
  const png = await renderPng(svg, scale);
  return { svg, png, width: size.width * scale, height: size.height * scale };
}
