import { expect } from 'vitest';
import type { Db } from '../db/client';
import { zonedInstant } from '../src/time';
import { Scenario } from './harness/scenario';

export const NOTE = '学习了党章总纲，体会到党员要在岗位上发挥先锋模范作用。';

/**
 * One known week of the demo group (王组长, 张云, 刘川, 陈闽), Monday 2026-12-07 to Friday 12-11 required:
 * - 12-07 all four report; 12-08 刘川 is silent (he back-fills it on 12-09, late); 陈闽 is on approved leave 12-09..12-10;
 * - 12-09 张云 reports a fever (needs attention); 12-11 刘川 misses the day.
 *   Required 4+4+3+3+4 = 18 member-days, reported 17 (one late), missed 1, one person on leave for 2 days.
 * - Study item #1 (group), noted by 张云 and 刘川: 2 of 4.
 * - 党小组会 #1 on 12-10 20:00: 张云 and 刘川 sign in, 陈闽 excused by her leave, 王组长 absent (2 of 4);
 *   make-up item #2 for 王组长 and 陈闽, studied by 王组长: 1 of 2.
 */
export async function knownWeek(db: Db): Promise<Scenario> {
  const s = await Scenario.create(db, '2026-12-07', '07:00');
  const at = (date: string, time: string) => s.runtime.clock.set(zonedInstant(date, time, 'Asia/Shanghai'));
  const ok = async (who: string, text: string, expected: string, opts: { private?: boolean } = {}) =>
    expect(await s.text(who, text, opts)).toContain(expected);

  at('2026-12-07', '09:00');
  for (const who of ['王组长', '张云', '刘川', '陈闽']) await ok(who, '/checkin 在岗 平安', '已收到');
  await ok('王组长', '/study post 学习党章 | 第一章 总纲 | 2026-12-11', '#1');
  await ok('王组长', '/meeting new 党小组会 2026-12-10 20:00 学习二十大精神', '#1');
  at('2026-12-08', '09:00');
  for (const who of ['王组长', '张云', '陈闽']) await ok(who, '/checkin 在岗 平安', '已收到');
  await ok('陈闽', '/leave 2026-12-09 2026-12-10 回家照顾母亲', '#1', { private: true });
  await ok('王组长', '/approve 1', '已批准', { private: true });
  await ok('张云', `/studied 1 ${NOTE}`, '1');
  at('2026-12-09', '09:00');
  await ok('王组长', '/checkin 在岗 平安', '已收到');
  await ok('张云', '/checkin 云南曲靖 发烧 在宾馆休息', '已收到');
  await ok('刘川', '/checkin 2026-12-08 四川凉山 在岗', '补报');
  await ok('刘川', '/checkin 四川凉山 在岗', '已收到');
  await ok('刘川', `/studied 1 ${NOTE}`, '1');
  at('2026-12-10', '09:00');
  for (const who of ['王组长', '张云', '刘川']) await ok(who, '/checkin 在岗 平安', '已收到');
  at('2026-12-10', '20:05');
  await ok('张云', '/signin 1', '签到');
  await ok('刘川', '/signin 1', '签到');
  at('2026-12-10', '23:00');
  await ok('李书记', '/meeting report 1', '出席', { private: true });
  at('2026-12-11', '09:00');
  for (const who of ['王组长', '张云', '陈闽']) await ok(who, '/checkin 在岗 平安', '已收到');
  await ok('王组长', `/studied 2 ${NOTE}`, '2');
  return s;
}
