import { PNG } from 'pngjs';
import { expect, it } from 'vitest';
import { matrixChartSize } from '../src/reports/matrix-chart';
import { DEMO_GROUP } from '../bots/console/demo/demo-seed';
import { zonedInstant } from '../src/time';
import { forEachBackend } from './harness/backends';
import { knownWeek } from './report-week.fixture';
import { Scenario } from './harness/scenario';
import { groups } from '../db/schema';
import { checkinsSheet } from '../src/checkins/checkins.sheet';

const WEEK_FIGURES = [
  '报平安：应报 18 人次，已报 17（94%），其中补报 1；漏报 1；请假 1 人、共 2 天',
  '⚠️ 安全：紧急 1 条',
  '张云 12-09（紧急）：云南曲靖 发烧 在宾馆休息',
  '学习：1 项，完成 2/4 人次（50%）',
  '会议：1 次（党小组会 1），出席 2/4（50%），请假 1，缺席 1',
  '补学：完成 1/2',
];

forEachBackend('/report', (get) => {
  it('the leader gets the group week privately: figures from the data and the member × day matrix', async () => {
    const s = await knownWeek(get().db);
    s.runtime.clock.set(zonedInstant('2026-12-13', '20:00', 'Asia/Shanghai'));
    const out = await s.say('王组长', '/report week');
    const mine = out.find((o) => o.chatId === '王组长');
    expect(mine?.text).toContain(`📊 ${DEMO_GROUP} 周报（2026-12-07 至 2026-12-13）`);
    for (const line of WEEK_FIGURES) expect(mine?.text).toContain(line);
    expect(out.find((o) => o.chatId !== '王组长')?.text).not.toContain('报平安：');
    expect(mine?.file?.mime).toBe('image/png');
    const png = PNG.sync.read(mine?.file?.data as Buffer);
    const size = matrixChartSize(7, 4);
    expect([png.width, png.height]).toEqual([size.width * 2, size.height * 2]);
  }, 240_000);

  it('the secretary gets the branch (rate chart), a named group, or a single day; others are refused', async () => {
    const s = await knownWeek(get().db);
    s.runtime.clock.set(zonedInstant('2026-12-13', '20:00', 'Asia/Shanghai'));
    const branch = await s.say('李书记', '/报表 周', { private: true });
    expect(branch[0]?.text).toContain('📊 第一党支部 周报（2026-12-07 至 2026-12-13）');
    for (const line of WEEK_FIGURES) expect(branch[0]?.text).toContain(line);
    const png = PNG.sync.read(branch[0]?.file?.data as Buffer);
    expect([png.width, png.height]).toEqual([1600, 900]);

    s.runtime.clock.set(zonedInstant('2026-12-11', '10:00', 'Asia/Shanghai'));
    const day = await s.text('李书记', `/report day ${DEMO_GROUP}`, { private: true });
    expect(day).toContain(`📊 ${DEMO_GROUP} 日报（2026-12-11）`);
    expect(day).toContain('报平安：应报 4 人次，已报 3（75%），其中补报 0；漏报 0；今日未报 1；请假 0 人、共 0 天');
    expect(day).toContain('会议：期间没有召开会议');

    expect(await s.text('李书记', '/group add 烟叶二组', { private: true })).toContain('烟叶二组');
    expect(await s.text('王组长', '/report week 烟叶二组', { private: true })).toContain('只能');
    expect(await s.text('张云', '/report', { private: true })).toContain('/report');
    expect(await s.text('李书记', '/report year', { private: true })).toContain('时段只能是 day（日）、week（周）或 month（月）');
  }, 240_000);

  it("a day's urgent report stays in /report and in the export's safety column after the member says all is well; reports needing attention are listed too", async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    await s.say('刘川', '/checkin 四川凉山 在岗 摔伤了腿，住院了');
    await s.say('陈闽', '/checkin 福建三明 在岗 感冒了有点累');
    await s.say('刘川', '/checkin 四川凉山 在岗 没事了');
    const day = await s.text('李书记', '/report day', { private: true });
    expect(day).toContain('⚠️ 安全：紧急 1 条，需关注 1 条');
    expect(day).toContain('刘川 12-01（紧急）：四川凉山 在岗 摔伤了腿，住院了');
    expect(day).toContain('陈闽 12-01（需关注）：福建三明 在岗 感冒了有点累');
    expect(day.indexOf('刘川 12-01')).toBeLessThan(day.indexOf('陈闽 12-01'));
    const [group] = await s.db.select({ branchId: groups.branchId }).from(groups).limit(1);
    const month = { from: '2026-12-01', to: '2026-12-31', month: '2026-12', tz: 'Asia/Shanghai', request: {}, details: false };
    const rows = await checkinsSheet.rows({ db: s.db, branchId: group!.branchId, now: s.now(), ...month });
    expect(rows.find((r) => r.member === '刘川')?.safety).toBe('紧急 (urgent)；后已报平安 (later said well)');
    expect(rows.find((r) => r.member === '陈闽')?.safety).toBe('需关注 (needs attention)');
  }, 240_000);

  it('a silence that was alerted on is in /report, so a quiet week is not called free of safety concerns', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    for (const day of ['2026-12-01', '2026-12-02']) {
      await s.goTo(day, '09:00');
      for (const who of ['张云', '陈闽', '王组长']) await s.say(who, '/checkin 云南曲靖 在岗');
      await s.goTo(day, '21:05');
    }
    expect((await s.outbox('safety.silent')).length).toBeGreaterThan(0);
    const week = await s.text('李书记', '/report week', { private: true });
    expect(week).toContain('⚠️ 长时间未报平安：刘川（12-01 起连续 2 个应报日）');
    expect(week).not.toContain('没有紧急或需关注的报告');
  }, 240_000);
});
