import { createWriteStream, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { EXPORT_KINDS, ExportKindUnavailable, isExportKindAvailable, writeExport } from '../../src/app/export';
import { recordAudit } from '../../src/org/audit';
import { findMember } from '../../src/org/org.service';
import type { ExportOptions, ExportProgress } from '../../src/reports/export';
import { exportFilename } from '../../src/reports/export';
import { branchZone } from '../../src/org/branch-zone';
import { recordPdf } from '../../src/reports/export-file';
import { localDate } from '../../src/time';
import { requireBranch, withDb } from './database';
import { month } from './fields';
import type { CliContext } from './types';
import { CliFailure, defineCliCommand } from './types';

/** The work record is a printable PDF unless `--out` asks for .xlsx. */
const wantsPdf = (kind: string, out?: string) => kind === 'record' && !out?.toLowerCase().endsWith('.xlsx');

/** On a terminal, one line that keeps updating: which sheet, how many rows so far. */
function terminalProgress(ctx: CliContext): ExportProgress | undefined {
  if (!ctx.io.stderr.isTTY) return undefined;
  return (p) => ctx.io.stderr.write(`\r导出中 / exporting ${p.sheetIndex + 1}/${p.sheets}: ${p.sheet} ${p.rows} 行 / rows   `);
}

async function writeTo<T>(file: string, write: () => Promise<T> | T): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code) throw new CliFailure(`无法写入 ${file} / cannot write ${file}: ${(err as Error).message}`);
    throw err;
  }
}

async function exportTo(ctx: CliContext, db: Db, opts: ExportOptions, out?: string) {
  if (wantsPdf(opts.kind, out)) {
    const file = resolve(ctx.cwd, out ?? exportFilename(opts, 'pdf'));
    const pdf = await recordPdf(db, opts);
    await writeTo(file, () => writeFileSync(file, pdf.buffer));
    return { file, rows: { members: pdf.members, pages: pdf.pages } };
  }
  const file = resolve(ctx.cwd, out ?? exportFilename(opts));
  const rows = await writeTo(file, async () => {
    // Opened first, so an unwritable path fails before any work is done.
    writeFileSync(file, '');
    const stream = createWriteStream(file);
    const counts = await writeExport(db, opts, stream, terminalProgress(ctx));
    await finished(stream);
    return counts;
  });
  if (ctx.io.stderr.isTTY) ctx.io.stderr.write('\n');
  return { file, rows };
}

export const exportCommand = defineCliCommand({
  words: ['export'],
  positionals: ['kind'],
  usage:
    'yemai export 类型 [--month YYYY-MM] [--out 文件] [--member 姓名] [--details]   (yemai export KIND [--month YYYY-MM] [--out FILE] [--member NAME] [--details])\n' +
    `   类型 / KIND: ${EXPORT_KINDS.join('|')}；record 默认输出 PDF，--out 以 .xlsx 结尾则输出工作簿 / record is a PDF unless --out ends in .xlsx`,
  summary: '导出 Excel 工作簿或工作记录 PDF（默认本月） / write an .xlsx workbook or the work-record PDF (default: this month)',
  options: { month: { type: 'string' }, out: { type: 'string' }, member: { type: 'string' }, details: { type: 'boolean' } },
  args: z.object({
    kind: z.enum(EXPORT_KINDS, {
      error: (i) =>
        i.input === undefined
          ? `缺少导出类型 / KIND is missing: ${EXPORT_KINDS.join('|')}`
          : `导出类型“${String(i.input)}”无效，可选 ${EXPORT_KINDS.join('|')} / unknown KIND "${String(i.input)}"`,
    }),
    month: month.optional(),
    out: z.string().min(1, { error: '--out 文件名不能为空 / --out FILE is empty' }).optional(),
    member: z.string().min(1, { error: '--member 姓名不能为空 / --member NAME is empty' }).optional(),
    details: z.boolean().optional(),
  }),
  run: async (ctx, a) => {
    if (!isExportKindAvailable(a.kind)) throw new CliFailure(new ExportKindUnavailable(a.kind).message);
    const { m, result } = await withDb(ctx, async (db) => {
      const branch = await requireBranch(db);
      if (a.member && !(await findMember(db, branch.id, a.member))) throw new CliFailure(`没有成员“${a.member}” / no member "${a.member}"`);
      // "This month" on the clock of the branch's groups, not a zone written into the CLI.
      const tz = await branchZone(db, branch.id);
      const m = a.month ?? localDate(ctx.now, tz).slice(0, 7);
      const opts = { branchId: branch.id, kind: a.kind, month: m, tz, now: ctx.now, details: a.details ?? false, member: a.member };
      const result = await exportTo(ctx, db, opts, a.out);
      const detail = { kind: a.kind, month: m, details: opts.details, member: a.member ?? null, via: 'cli', rows: result.rows };
      await recordAudit({ db, now: ctx.now, actor: null }, { action: 'export', branchId: branch.id, detail });
      return { m, result };
    });
    const counts = Object.entries(result.rows)
      .map(([sheet, n]) => `${sheet}: ${n}`)
      .join('，');
    return {
      json: { export: { kind: a.kind, month: m, file: result.file, rows: result.rows } },
      text: `已导出 ${m} 的 ${a.kind} 到 ${result.file}（${counts}） / Exported ${a.kind} for ${m} to ${result.file}`,
    };
  },
});
