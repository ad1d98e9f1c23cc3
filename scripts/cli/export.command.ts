import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { buildExport, EXPORT_KINDS, ExportKindUnavailable, isExportKindAvailable } from '../../src/app/export';
import { localDate } from '../../src/time';
import { requireBranch, withDb } from './database';
import { month } from './fields';
import { CliFailure, defineCliCommand } from './types';

/** The branch's home zone: "this month" is the month on the factory's wall calendar. */
const BRANCH_TZ = 'Asia/Shanghai';

export const exportCommand = defineCliCommand({
  words: ['export'],
  positionals: ['kind'],
  usage:
    'yemai export 类型 [--month YYYY-MM] [--out 文件.xlsx] [--details]   (yemai export KIND [--month YYYY-MM] [--out FILE] [--details])\n' +
    `   类型 / KIND: ${EXPORT_KINDS.join('|')}；--details 加上关爱工单明细（姓名和内容） / adds the care tickets' details (names and requests)`,
  summary: '导出 Excel 工作簿（默认本月，yemai-类型-月份.xlsx） / write an .xlsx workbook (default: this month, yemai-KIND-MONTH.xlsx)',
  options: { month: { type: 'string' }, out: { type: 'string' }, details: { type: 'boolean' } },
  args: z.object({
    kind: z.enum(EXPORT_KINDS, {
      error: (i) =>
        i.input === undefined
          ? `缺少导出类型 / KIND is missing: ${EXPORT_KINDS.join('|')}`
          : `导出类型“${String(i.input)}”无效，可选 ${EXPORT_KINDS.join('|')} / unknown KIND "${String(i.input)}"`,
    }),
    month: month.optional(),
    out: z.string().min(1, { error: '--out 文件名不能为空 / --out FILE is empty' }).optional(),
    details: z.boolean().optional(),
  }),
  run: async (ctx, a) => {
    if (!isExportKindAvailable(a.kind)) throw new CliFailure(new ExportKindUnavailable(a.kind).message);
    const m = a.month ?? localDate(ctx.now, BRANCH_TZ).slice(0, 7);
    const result = await withDb(ctx, async (db) => {
      const branch = await requireBranch(db);
      return buildExport(db, { branchId: branch.id, kind: a.kind, month: m, tz: BRANCH_TZ, details: a.details });
    });
    const file = resolve(ctx.cwd, a.out ?? result.filename);
    try {
      writeFileSync(file, result.buffer);
    } catch (err) {
      throw new CliFailure(`无法写入 ${file} / cannot write ${file}: ${(err as Error).message}`);
    }
    const counts = Object.entries(result.rows)
      .map(([sheet, n]) => `${sheet}: ${n}`)
      .join('，');
    return {
      json: { export: { kind: a.kind, month: m, file, rows: result.rows } },
      text: `已导出 ${m} 的 ${a.kind} 到 ${file}（${counts}） / Exported ${a.kind} for ${m} to ${file}`,
    };
  },
});
