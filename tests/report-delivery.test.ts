/** A report's chart reaches each platform as an image: a WeChat picture (FileBox image/png), a file path on the console. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../bots/console/console.adapter';
import { WechatyAdapter } from '../bots/wechaty/wechaty.adapter';
import { ControllableClock } from '../src/clock';
import { silentLogger } from '../src/log';
import { RATE_CHART_SIZE, rateChartOption } from '../src/reports/rate-chart';
import { renderChart } from '../src/reports/chart-render';
import { wechatyStandinForSuite } from './harness/wechaty-suite';

async function chartPng(): Promise<Buffer> {
  const input = { lang: 'zh' as const, scope: '第一党支部', from: '2026-12-07', to: '2026-12-08', days: ['2026-12-07', '2026-12-08'] };
  return (await renderChart(rateChartOption({ ...input, lines: [{ name: '原料物资科党小组', rates: [100, 75] }] }), RATE_CHART_SIZE)).png;
}

describe('report image delivery', () => {
  const standin = wechatyStandinForSuite();

  it('WeChat: the text, then the chart as an image/png FileBox with the same bytes', async () => {
    const png = await chartPng();
    const adapter = new WechatyAdapter({
      log: silentLogger(),
      token: standin().token,
      endpoint: standin().endpoint,
      tls: standin().clientTls,
      loginTimeoutMs: 10_000,
      retryMinMs: 200,
      retryMaxMs: 1_000,
      linkDownRetryMs: 1_000,
      watchdogSeconds: 30,
      pacing: { perChatIntervalMs: 0, globalPerSecond: 100 },
    });
    const secretary = standin().createContact('李书记');
    await adapter.start(async () => {});
    try {
      const sent = await adapter.send({
        platform: 'wechaty',
        chatId: secretary.id,
        text: '📊 第一党支部 周报',
        file: { name: 'report-week-2026-12-07.png', mime: 'image/png', data: png },
      });
      expect(sent.ok).toBe(true);
      const file = await standin().waitFor((m) => m.toContactId === secretary.id && m.file !== undefined, 10_000);
      expect(file.file).toEqual({ name: 'report-week-2026-12-07.png', size: png.length, mediaType: 'image/png' });
      expect(standin().sent.find((m) => m.toContactId === secretary.id && m.text === '📊 第一党支部 周报')).toBeDefined();
    } finally {
      await adapter.stop();
    }
  });

  it('console: the file is written under the files folder and its path printed', async () => {
    const png = await chartPng();
    const dir = mkdtempSync(join(tmpdir(), 'yemai-files-'));
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c: Buffer) => (printed += c.toString('utf8')));
    const adapter = new ConsoleAdapter({ now: new ControllableClock().now, input: new PassThrough(), output, filesDir: dir });
    try {
      await adapter.send({
        platform: 'console',
        chatId: '李书记',
        text: '📊 周报',
        file: { name: 'report-week-2026-12-07.png', mime: 'image/png', data: png },
      });
      const path = join(dir, 'report-week-2026-12-07.png');
      expect(printed).toContain(`📎 ${path} (${png.length} bytes)`);
      expect(existsSync(path) && readFileSync(path).equals(png)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
