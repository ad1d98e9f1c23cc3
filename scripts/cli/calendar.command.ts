import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { enterDays, yearView } from '../../src/calendar/calendar.service';
import type { NewEntry } from '../../src/calendar/calendar.service';
import { dayKindFromWord } from '../../src/calendar/required-days';
import { recordAudit } from '../../src/org/audit';
import { isValidLocalDate } from '../../src/time';
import { requireBranch, withDb } from './database';
import { CliFailure, defineCliCommand } from './types';

const FORMAT_HINT =
  '每行：日期,holiday|workday,名称（可省略）；# 开头为注释 / one day a line: DATE,holiday|workday,NAME (optional); # starts a comment\n' +
  '   例如 / e.g.  2027-01-01,holiday,元旦   2027-02-07,workday,春节调休';

/** Reads every line first; any bad one fails the whole file with its line number, so nothing is half-entered. */
function readCalendarFile(path: string): NewEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliFailure(`读不到文件 ${path} / cannot read ${path}`);
  }
  const rows = parse(text, { comment: '#', skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }) as string[][];
  const entries: NewEntry[] = [];
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const [date = '', kindWord = '', name = ''] = row;
    if (i === 0 && /^(date|日期)$/i.test(date)) return; // a header line
    const kind = dayKindFromWord(kindWord);
    if (!isValidLocalDate(date)) problems.push(`第 ${i + 1} 行日期“${date.slice(0, 20)}”不是 YYYY-MM-DD / row ${i + 1}: the date is not YYYY-MM-DD`);
    else if (!kind) problems.push(`第 ${i + 1} 行类型应为 holiday 或 workday / row ${i + 1}: the kind must be holiday or workday`);
    else if (name.length > 20) problems.push(`第 ${i + 1} 行名称超过 20 个字 / row ${i + 1}: the name is longer than 20 characters`);
    else entries.push({ date, kind, name: name || null });
  });
  if (problems.length > 0)
    throw new CliFailure(
      `${basename(path)} 有错误，未录入任何日期 / ${basename(path)} has errors; nothing was entered\n${problems.join('\n')}\n${FORMAT_HINT}`,
    );
  if (entries.length === 0) throw new CliFailure(`${basename(path)} 中没有可录入的日期 / ${basename(path)} has no dates to enter\n${FORMAT_HINT}`);
  return entries;
}

export const calendarImportCommand = defineCliCommand({
  words: ['calendar', 'import'],
  positionals: ['file'],
  usage: `yemai calendar import 文件.csv   (yemai calendar import FILE)\n   ${FORMAT_HINT}`,
  summary:
    '录入放假和调休上班日（如国务院公布的下一年安排），覆盖程序自带的日历 / enter holidays and make-up workdays (e.g. the schedule the State Council publishes for next year) over the built-in calendar',
  options: {},
  args: z.object({ file: z.string({ error: '缺少文件路径 / the file path is missing' }).min(1) }),
  run: async (ctx, a) => {
    const entries = readCalendarFile(resolve(ctx.cwd, a.file));
    return withDb(ctx, async (db) => {
      const branch = await requireBranch(db);
      const result = await db.transaction(async (tx) => {
        const counted = await enterDays(tx, entries, null, ctx.now);
        await recordAudit(
          { db: tx, now: ctx.now, actor: null },
          { action: 'calendar.import', branchId: branch.id, detail: { days: entries.length } },
        );
        return counted;
      });
      const years = [...new Set(entries.map((e) => Number(e.date.slice(0, 4))))].sort();
      const totals: Record<string, number> = {};
      for (const y of years) totals[y] = (await yearView(db, y)).perMonth.reduce((s, n) => s + n, 0);
      return {
        json: { calendar: { entered: entries.length, added: result.added, changed: result.changed, requiredDays: totals } },
        text:
          `已录入 ${entries.length} 天（新增 ${result.added}，更新 ${result.changed}）；各年应报日：${years.map((y) => `${y} 年 ${totals[y]} 天`).join('，')}\n` +
          `Entered ${entries.length} days (${result.added} new, ${result.changed} updated); required days per year: ${years.map((y) => `${y}: ${totals[y]}`).join(', ')}`,
      };
    });
  },
});
