/**
 * The 2027 calendar before the package has it: the secretary enters holidays and make-up workdays in chat or with
 * `yemai calendar import`, `/calendar YEAR` shows the year's required days, the check-in cycle follows the entries, and
 * in December the secretary is told privately, once, while next year's schedule is missing.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDb } from '../db/client';
import { accounts, members } from '../db/schema';
import { calendarTexts } from '../src/calendar/calendar.text';
import { calendarCoversYear, isRequiredDay, PACKAGE_CALENDAR } from '../src/calendar/required-days';
import { loadCalendar } from '../src/calendar/calendar.service';
import { coreTexts } from '../src/commands/commands.text';
import { runCli } from '../scripts/cli/run';
import { forEachBackend } from './harness/backends';
import { ChatHarness } from './harness/chat-harness';
import { Scenario } from './harness/scenario';
import { pgliteTemplateDir } from './harness/template';
import { snapshot } from './harness/snapshot';

const zh = calendarTexts('zh');
const NOW = new Date('2026-12-01T02:00:00Z');

it('the package ends with 2026: 2027 falls back to Monday to Friday until days are entered', () => {
  expect(calendarCoversYear(2026, PACKAGE_CALENDAR)).toBe(true);
  expect(calendarCoversYear(2027, PACKAGE_CALENDAR)).toBe(false);
  expect(isRequiredDay('2027-02-08', 'workdays', PACKAGE_CALENDAR)).toBe(true); // a Monday
  expect(isRequiredDay('2027-02-07', 'workdays', PACKAGE_CALENDAR)).toBe(false); // a Sunday
});

forEachBackend('calendar overrides', (get, kind) => {
  it('/calendar add enters 2027 days; /calendar 2027 shows them; the prompt follows them; bad input changes nothing', {
    timeout: 240_000,
  }, async () => {
    const s = await Scenario.create(get().db, '2027-02-06', '10:00');
    const before2027 = await s.text('李书记', '/calendar 2027', { private: true });
    expect(before2027).toContain('⚠️ 还没有这一年的放假和调休安排，暂按周一至周五计算。');
    expect(before2027).toMatch(/2 月 20 天/);
    expect(before2027).toMatch(/全年 261 天/);

    expect(await s.text('李书记', '/calendar add 2027-02-07 workday 春节调休', { private: true })).toBe(
      zh.entered('2027-02-07', 'workday', '春节调休', false),
    );
    expect(await s.text('李书记', '/日历 add 2027-02-08 放假 春节', { private: true })).toBe(zh.entered('2027-02-08', 'holiday', '春节', false));
    const view = await s.text('李书记', '/calendar 2027', { private: true });
    expect(view).toContain('依据：支部书记录入的放假和调休安排。');
    expect(view).toContain('2027-02-07 调休上班 春节调休\n2027-02-08 放假 春节');
    expect(view).toMatch(/2 月 20 天/); // one Sunday worked, one Monday off

    // Bad input: the form is named and nothing changes; a member may not touch the calendar.
    const unchanged = await snapshot(get().db);
    expect(await s.text('李书记', '/calendar add 2027-02-30 holiday', { private: true })).toMatch(
      /^参数有误：日期应写成 YYYY-MM-DD.*\n用法：\/calendar add/,
    );
    expect(await s.text('李书记', '/calendar add 2027-02-09 休息日', { private: true })).toMatch(
      /^参数有误：类型应为 holiday（放假）或 workday（调休上班）\n用法：/,
    );
    expect(await s.text('李书记', '/calendar 1999', { private: true })).toMatch(/^参数有误：年份应为/);
    expect(await s.text('张云', '/calendar add 2027-02-09 holiday', { private: true })).toBe(coreTexts('zh').notAllowed('/calendar add'));
    expect(await snapshot(get().db)).toEqual(unchanged);

    // Saturday is off; the Sunday make-up day gets the morning prompt; the Monday holiday does not.
    await s.goTo('2027-02-07', '08:05');
    await s.goTo('2027-02-08', '08:05');
    const prompts = (await s.outbox('checkin.prompt')).map((r) => r.text);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('2027-02-07');
  });

  it('in December the secretary is told privately, once, that next year is missing; not once it is entered', { timeout: 240_000 }, async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '08:50');
    await s.goTo('2026-12-01', '09:30');
    await s.goTo('2026-12-02', '09:30', 60);
    const notices = await s.outbox('calendar.next-year');
    expect(notices.map((n) => [n.chatExternalId, n.text])).toEqual([['李书记', zh.missingNextYear(2027)]]);

    await s.say('李书记', '/calendar add 2027-01-01 holiday 元旦', { private: true });
    await s.goTo('2026-12-15', '08:50', 720);
    await s.goTo('2026-12-15', '09:30');
    expect(await s.outbox('calendar.next-year')).toHaveLength(1);
  });

  it('yemai calendar import enters a file of days in one go, refuses a file with a bad line whole, and /calendar shows the year', {
    timeout: 240_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yemai-cal-'));
    if (kind === 'pglite') cpSync(pgliteTemplateDir(), join(dir, 'data'), { recursive: true });
    const env = kind === 'postgres' ? { DATABASE_URL: get().url } : { YEMAI_DATA_DIR: join(dir, 'data') };
    const cli = async (...argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const io = { stdout: { write: (x: string) => (stdout += x) }, stderr: { write: (x: string) => (stderr += x) } };
      const code = await runCli(argv, { ...io, env, now: () => NOW, cwd: dir });
      return { code, stdout, stderr };
    };
    try {
      expect((await cli('init', '--branch', '第一党支部', '--secretary', '李书记')).code).toBe(0);
      writeFileSync(join(dir, 'bad.csv'), '2027-01-01,holiday,元旦\n2027-13-01,holiday,乱写\n');
      writeFileSync(
        join(dir, '2027.csv'),
        '日期,类型,名称\n# 国务院办公厅 2027 年部分节假日安排（节选）\n2027-01-01,holiday,元旦\n2027-02-07,workday,春节调休\n2027-02-08,holiday,春节\n',
      );
      const bad = await cli('calendar', 'import', 'bad.csv');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('第 2 行日期“2027-13-01”不是 YYYY-MM-DD');
      const good = await cli('--json', 'calendar', 'import', '2027.csv');
      expect(good.stderr).toBe('');
      // 261 weekdays in 2027, less New Year's Day and the Monday of the Spring Festival, plus the Sunday worked.
      expect(JSON.parse(good.stdout)).toEqual({ calendar: { entered: 3, added: 3, changed: 0, requiredDays: { 2027: 260 } } });
      const handle = kind === 'postgres' ? get() : await openDb({ dataDir: join(dir, 'data'), migrate: false });
      try {
        expect([...(await loadCalendar(handle.db)).entries.keys()]).toEqual(['2027-01-01', '2027-02-07', '2027-02-08']);
        const h = new ChatHarness(handle.db, NOW);
        const [secretary] = await handle.db.select().from(members);
        await handle.db.insert(accounts).values({ platform: 'console', externalId: 'li', memberId: secretary?.id as number, lastSeenAt: NOW });
        expect(await h.ask('li', '/calendar 2027')).toContain('2027-01-01 放假 元旦\n2027-02-07 调休上班 春节调休');
      } finally {
        if (kind === 'pglite') await handle.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
