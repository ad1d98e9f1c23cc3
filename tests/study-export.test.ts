import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { buildExport } from '../src/app/export';
import { forEachBackend } from './harness/backends';
import { DEMO_GROUP_CHAT, rig, seedTwoGroups, sh } from './study-fixture';

const NOTE = '学习了党章总纲，体会到党员要在岗位上发挥先锋模范作用。';

forEachBackend('study and meetings in the .xlsx export', (get) => {
  it('one row per item and person, one per meeting and person, with notes and attendance', async () => {
    const db = get().db;
    const { branchId } = await seedTwoGroups(db);
    const { h } = rig(db);
    await h.ask('王组长', '/study post 小组学习 | 第一章 | 2026-12-05', { chat: DEMO_GROUP_CHAT });
    await h.ask('张云', `/studied 1 ${NOTE}`);
    await h.ask('王组长', '/meeting new 党小组会 2026-12-08 20:00 学习二十大精神', { chat: DEMO_GROUP_CHAT });
    await h.ask('陈闽', '/meeting leave 1 盘点');
    h.clock.set(sh('2026-12-08 20:10'));
    await h.ask('张云', '/signin 1', { chat: DEMO_GROUP_CHAT });
    await h.ask('周闽', '/signin 1');

    const out = await buildExport(db, { branchId, kind: 'all', month: '2026-12', tz: 'Asia/Shanghai', now: h.clock.now() });
    expect(out.rows['学习 (study)']).toBe(4);
    expect(out.rows['会议 (meetings)']).toBe(5);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.buffer as unknown as ArrayBuffer);
    const study = wb.getWorksheet('学习 (study)');
    const studyRows = (study?.getSheetValues() ?? []).slice(2) as unknown[][];
    const zhang = studyRows.find((r) => r[6] === '张云');
    expect(zhang?.slice(1, 13)).toEqual([
      1,
      '小组学习',
      '学习',
      '原料物资科党小组',
      '2026-12-05 23:59',
      '张云',
      '原料物资科党小组',
      '是',
      undefined,
      undefined,
      '2026-12-01 08:00',
      NOTE,
    ]);
    expect(studyRows.find((r) => r[6] === '刘川')?.[8]).toBeUndefined();
    const meetingsRows = (wb.getWorksheet('会议 (meetings)')?.getSheetValues() ?? []).slice(2) as unknown[][];
    const byMember = Object.fromEntries(meetingsRows.map((r) => [r[7], [r[8], r[9], r[10]]]));
    expect(byMember).toEqual({
      // An on-site 党小组会 signed in from the group's own classroom: that chat is where the group meets.
      张云: ['出席', '分课堂「原料物资科党小组群」（现场）', undefined],
      陈闽: ['请假', undefined, '盘点'],
      周闽: ['列席', '主课堂（现场）', undefined],
      王组长: ['未签到', undefined, undefined],
      刘川: ['未签到', undefined, undefined],
    });
    expect((await buildExport(db, { branchId, kind: 'study', month: '2026-11', tz: 'Asia/Shanghai', now: h.clock.now() })).rows['学习 (study)']).toBe(
      0,
    );
  });
});
