import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { auditLog } from '../db/schema';
import { DEMO_FAMILY } from '../bots/console/demo/demo-seed';
import { zonedInstant } from '../src/time';
import { forEachBackend } from './harness/backends';
import type { Scenario } from './harness/scenario';
import { knownWeek } from './report-week.fixture';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CAR = '母亲明早去医院复查，需要用车';
const VISIT = '看望张云母亲，腿脚恢复得不错';
const PARCEL = '给孩子寄一套学习用品';
/** What only 张云, the secretary and the serving volunteer may read. */
const SECRETS = [CAR, VISIT, PARCEL, '已送到医院', DEMO_FAMILY.name, DEMO_FAMILY.phone];

/** The known week plus care: 张云's urgent car (taken and closed by 赵志愿), a visit to her mother, 陈闽's open parcel. */
async function careWeek(s: Scenario): Promise<void> {
  const at = (date: string, time: string) => s.runtime.clock.set(zonedInstant(date, time, 'Asia/Shanghai'));
  at('2026-12-08', '21:00');
  expect(await s.text('张云', `/care 用车 ${CAR}`, { private: true })).toContain('#1');
  expect(await s.text('赵志愿', '/care take 1', { private: true })).toContain('你已接单');
  at('2026-12-09', '12:00');
  expect(await s.text('赵志愿', '/care done 1 已送到医院', { private: true })).toContain('已办结');
  expect(await s.text('赵志愿', `/visit 张云 ${VISIT}`, { private: true })).toContain('已记录');
  at('2026-12-10', '10:00');
  expect(await s.text('陈闽', `/care 快递 ${PARCEL}`, { private: true })).toContain('#2');
  at('2026-12-13', '20:00');
}

async function sheetRows(data: Buffer | undefined, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return (wb.getWorksheet(name)?.getSheetValues() ?? []).slice(1).map((r) => (r as unknown[]).slice(1));
}

forEachBackend('care in reports and the work record', (get) => {
  it('/report counts tickets and visits for the leader and the secretary, and names no family or request', async () => {
    const s = await knownWeek(get().db);
    await careWeek(s);
    const line = '关爱：新建工单 2 张（快递 1、用车 1），其中紧急 1；办结 1 张；家访 1 次，走访家庭 1 户';
    const leader = await s.say('王组长', '/report week');
    const secretary = await s.say('李书记', '/report week', { private: true });
    expect(leader.find((o) => o.chatId === '王组长')?.text).toContain(line);
    expect(secretary[0]?.text).toContain(line);
    for (const o of [...leader, ...secretary]) for (const secret of SECRETS) expect(o.text).not.toContain(secret);
    const before = await s.text('李书记', '/report day', { private: true });
    expect(before).toContain('关爱：期间没有关爱工单和家访');
  }, 240_000);

  it('the work record shows care as counts, as lines with /export … 明细, and every export is audited', async () => {
    const s = await knownWeek(get().db);
    await careWeek(s);
    const counts = await s.say('李书记', '/export record 2026-12 张云', { private: true });
    const summary = (await sheetRows(counts.find((o) => o.file?.mime === XLSX)?.file?.data, '工作记录 (record)')).at(-1);
    expect(summary?.at(-1)).toBe('家访 1 次；关爱工单 1 张（用车 1），办结 1 张');
    for (const o of counts) for (const secret of [CAR, VISIT]) expect(o.text).not.toContain(secret);

    const details = await s.say('李书记', '/导出 工作记录 2026-12 明细 张云', { private: true });
    const care = (await sheetRows(details.find((o) => o.file?.mime === XLSX)?.file?.data, '工作记录 (record)')).at(-1)?.at(-1);
    expect(care).toBe(`12-08 用车 #1：${CAR}（赵志愿，已办结，已送到医院）；12-09 家访（赵志愿）：${VISIT}`);

    const audited = await s.db.select().from(auditLog).where(eq(auditLog.action, 'export'));
    expect(audited.map((a) => a.detail)).toEqual([
      {
        kind: 'record',
        month: '2026-12',
        details: false,
        member: '张云',
        rows: { '成员 (members)': 6, '工作记录 (record)': 32, pdfPages: 1 },
      },
      {
        kind: 'record',
        month: '2026-12',
        details: true,
        member: '张云',
        rows: { '成员 (members)': 6, '工作记录 (record)': 32, pdfPages: 1 },
      },
    ]);
    expect(audited.map((a) => a.actorMemberId)).toEqual(Array(2).fill(await s.memberId('李书记')));
    expect(audited[0]?.at).toEqual(zonedInstant('2026-12-13', '20:00', 'Asia/Shanghai'));
  }, 240_000);
});
