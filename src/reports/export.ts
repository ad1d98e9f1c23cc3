import ExcelJS from 'exceljs';
import type { Db } from '../../db/client';
import { monthRange } from '../time';
import { sheetsFor } from './sheets';
import type { ExportKind } from './sheets/types';

export { EXPORT_KINDS, type ExportKind } from './sheets/types';
export { isExportKindAvailable } from './sheets';

export class ExportKindUnavailable extends Error {
  constructor(readonly kind: ExportKind) {
    super(`该类导出尚未提供：${kind} / this export kind is not available yet: ${kind}`);
  }
}

export type ExportOptions = { branchId: number; kind: ExportKind; month: string; tz: string };
export type ExportResult = { buffer: Buffer; filename: string; rows: Record<string, number> };

/**
 * The .xlsx for one kind and month, with no platform in sight: the CLI writes it to a file,
 * a chat `/export` sends it as a document. `rows` counts data rows (header excluded) per sheet.
 */
export async function buildExport(db: Db, opts: ExportOptions): Promise<ExportResult> {
  const sheets = sheetsFor(opts.kind);
  if (!sheets) throw new ExportKindUnavailable(opts.kind);
  const query = { db, branchId: opts.branchId, month: opts.month, tz: opts.tz, ...monthRange(opts.month) };
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Yemai 叶脉';
  const rows: Record<string, number> = {};
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns;
    ws.getRow(1).font = { bold: true };
    const data = await sheet.rows(query);
    ws.addRows(data);
    rows[sheet.name] = data.length;
  }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  return { buffer, filename: `yemai-${opts.kind}-${opts.month}.xlsx`, rows };
}
