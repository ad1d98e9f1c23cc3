import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { auditLog } from '../db/schema';
import { runCli } from '../scripts/cli/run';
import { zonedInstant } from '../src/time';
import { forEachBackend } from './harness/backends';
import { Scenario } from './harness/scenario';
import { knownWeek, NOTE } from './report-week.fixture';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(data: Buffer | undefined): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb;
}

/** A sheet's rows as plain arrays (column A first), header included. */
const rowsOf = (ws: ExcelJS.Worksheet | undefined) => (ws?.getSheetValues() ?? []).slice(1).map((r) => (r as unknown[]).slice(1));

forEachBackend('/export and yemai export', (get, kind) => {
  it('attendance: member × day marks and the month totals, frozen header and names, sent privately as .xlsx', async () => {
    const s = await knownWeek(get().db);
    s.runtime.clock.set(zonedInstant('2026-12-13', '20:00', 'Asia/Shanghai'));
    const out = await s.say('李书记', '/export attendance 2026-12');
    const file = out.find((o) => o.chatId === '李书记')?.file;
    expect(file?.mime).toBe(XLSX);
    expect(file?.name).toBe('yemai-attendance-2026-12.xlsx');
    expect(out.find((o) => o.chatId !== '李书记')?.file).toBeUndefined();
    const wb = await workbook(file?.data);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['成员 (members)', '考勤 (attendance)']);
    const ws = wb.getWorksheet('考勤 (attendance)');
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 1 });
    const rows = rowsOf(ws);
    expect(rows[0]?.slice(0, 4)).toEqual(['党小组 (group)', '成员 (member)', '1二', '2三']);
    expect(rows[0]?.slice(-5)).toEqual(['应报 (required)', '已报 (reported)', '补报 (late)', '请假 (leave)', '漏报 (missed)']);
    const byName = new Map(rows.slice(1).map((r) => [r[1], r]));
    // Columns: group, member, then day 1 at index 2, so day D is at D + 1; totals after day 31.
    const liu = byName.get('刘川') as unknown[];
    expect([7, 8, 9, 10, 11, 12, 13].map((d) => liu[d + 1] ?? null)).toEqual(['报', '迟', '报', '报', '缺', '－', '－']);
    expect(liu.slice(2, 8).every((c) => c === undefined || c === null)).toBe(true);
    expect(liu.slice(33)).toEqual([5, 4, 1, 0, 1]);
    const chen = byName.get('陈闽') as unknown[];
    expect([9, 10].map((d) => chen[d + 1])).toEqual(['假', '假']);
    expect(chen.slice(33)).toEqual([3, 3, 0, 2, 0]);
  }, 240_000);

  it('record: a PDF page and the sheet per member; bad kinds, members and callers are refused', async () => {
    const s = await knownWeek(get().db);
    s.runtime.clock.set(zonedInstant('2026-12-13', '20:00', 'Asia/Shanghai'));
    const out = await s.say('李书记', '/导出 工作记录 2026-12 张云', { private: true });
    const pdf = out.find((o) => o.file?.mime === 'application/pdf');
    expect(pdf?.text).toContain('原料在外党员工作记录，共 1 人');
    expect(pdf?.file?.data.subarray(0, 5).toString()).toBe('%PDF-');
    const wb = await workbook(out.find((o) => o.file?.mime === XLSX)?.file?.data);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['成员 (members)', '工作记录 (record)']);
    const rows = rowsOf(wb.getWorksheet('工作记录 (record)'));
    expect(rows.length).toBe(1 + 31 + 1);
    const day = (d: string) => rows.find((r) => String(r[2]).startsWith(d)) ?? [];
    expect(day('2026-12-09').slice(0, 7)).toEqual(['张云', '原料物资科党小组', '2026-12-09 三', '报', '云南曲靖', undefined, '发烧 在宾馆休息']);
    expect(day('2026-12-08')[7]).toBe('学习《学习党章》：学习了党章总纲，体会到党员要在岗位上发挥先锋模范作用。');
    expect(day('2026-12-10')[8]).toBe('党小组会「学习二十大精神」出席');
    expect(rows.at(-1)?.slice(2, 5)).toEqual(['本月合计', undefined, '应报 5 天，已报 5 天（其中补报 0 天），漏报 0 天，请假 0 天']);

    expect(await s.text('李书记', '/export everything', { private: true })).toContain('导出类型可选 checkins（报平安）');
    expect(await s.text('李书记', '/export record 2026-12 无名氏', { private: true })).toContain('没有名为「无名氏」的成员');
    // A month as people write it; a month that does not exist is refused with the form.
    expect(await s.text('李书记', '/导出 报平安 12月', { private: true })).toContain('📎 2026-12 报平安导出');
    expect(await s.text('李书记', '/export checkins 2026年12月', { private: true })).toContain('📎 2026-12 报平安导出');
    expect(await s.text('李书记', '/export checkins 13月', { private: true })).toContain('月份应写成 YYYY-MM 或 M月');
    expect(await s.text('王组长', '/export all', { private: true })).toContain('/export');
    expect((await s.say('王组长', '/export all', { private: true }))[0]?.file).toBeUndefined();
  }, 240_000);

  // The CLI opens the database itself: on PostgreSQL it can share the test's database.
  if (kind === 'postgres')
    it('yemai export streams the workbook to --out, audited; "this month" and times are on the group\'s clock', async () => {
      const s = await knownWeek(get().db);
      expect(await s.text('李书记', '/settings tz Asia/Urumqi group=原料物资科党小组', { private: true })).toContain('Asia/Urumqi');
      const dir = mkdtempSync(join(tmpdir(), 'yemai-export-'));
      let stdout = '';
      let stderr = '';
      const io = { stdout: { write: (x: string) => (stdout += x) }, stderr: { write: (x: string) => (stderr += x) } };
      // 2027-01-01 01:00 in Shanghai is still 2026-12-31 in Urumqi: the default month is December.
      const now = () => zonedInstant('2027-01-01', '01:00', 'Asia/Shanghai');
      const code = await runCli(['--json', 'export', 'checkins', '--out', 'c.xlsx'], { ...io, env: { DATABASE_URL: get().url }, now, cwd: dir });
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(stdout).export.month).toBe('2026-12');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'c.xlsx'));
      const [head, first] = rowsOf(wb.getWorksheet('报平安 (check-ins)'));
      const reportedAt = head?.indexOf('报告时间 (reported at)') ?? -1;
      expect([first?.[0], first?.[reportedAt]]).toEqual(['2026-12-07', '2026-12-07 07:00']);
      // Audited like a chat export, with no member behind it: the CLI runs on the server.
      const audited = await get().db.select().from(auditLog).where(eq(auditLog.action, 'export'));
      expect(audited).toMatchObject([
        { actorMemberId: null, at: now(), detail: { kind: 'checkins', month: '2026-12', via: 'cli', rows: { '报平安 (check-ins)': 17 } } },
      ]);

      // On a terminal: one line that keeps being rewritten (\r) with the sheet and its rows, ended by a newline.
      let shown = '';
      const tty = { stdout: { write: () => true }, stderr: { write: (x: string) => (shown += x), isTTY: true } };
      expect(await runCli(['export', 'checkins', '--out', 't.xlsx'], { ...tty, env: { DATABASE_URL: get().url }, now, cwd: dir })).toBe(0);
      expect(shown.split('\r')).toEqual([
        '',
        '导出中 / exporting 1/2: 成员 (members) 6 行 / rows   ',
        '导出中 / exporting 2/2: 报平安 (check-ins) 17 行 / rows   \n',
      ]);
    }, 240_000);

  it('a 31-day month with a report and a long note every day and a long study note prints on at most two A4 pages', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '07:00');
    const note = '今日走访烟农三户，收购站交接顺利，复烤厂排产正常，质量抽检全部合格';
    for (let day = 1; day <= 31; day++) {
      s.runtime.clock.set(zonedInstant(`2026-12-${String(day).padStart(2, '0')}`, '09:00', 'Asia/Shanghai'));
      expect(await s.text('张云', `/checkin 云南曲靖 在岗 ${note}`)).toContain('已收到');
      if (day === 2) expect(await s.text('王组长', '/study post 学习党章 | 第一章 总纲 | 2026-12-11')).toContain('#1');
      if (day === 3) expect(await s.text('张云', `/studied 1 ${NOTE}${NOTE}`)).toContain('1');
    }
    s.runtime.clock.set(zonedInstant('2026-12-31', '22:00', 'Asia/Shanghai'));
    const out = await s.say('李书记', '/export record 2026-12 张云', { private: true });
    const pages = /共 1 人、(\d+) 页/.exec(out.find((o) => o.file?.mime === 'application/pdf')?.text ?? '')?.[1];
    expect(Number(pages)).toBeGreaterThan(0);
    expect(Number(pages)).toBeLessThanOrEqual(2);
  }, 240_000);
});
