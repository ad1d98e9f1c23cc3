import ExcelJS from 'exceljs';
import type { Db } from '../../db/client';
import type { ExportKind, SheetDef } from '../feature/sheet';
import { monthRange } from '../time';

export { EXPORT_KINDS, type ExportKind } from '../feature/sheet';

export class ExportKindUnavailable extends Error {
  constructor(readonly kind: ExportKind) {
    super(`该类导出尚未提供：${kind} / this export kind is not available yet: ${kind}`);
  }
}

/** `details`: include the sheets that name people and what they asked (the care desk's). */
export type ExportOptions = { branchId: number; kind: ExportKind; month: string; tz: string; details?: boolean };
export type ExportResult = { buffer: Buffer; filename: string; rows: Record<string, number> };

/** A kind is exportable once at least one sheet of its own is declared ('all' always is). */
export function isExportKindAvailable(sheets: readonly SheetDef[], kind: ExportKind): boolean {
  return kind === 'all' || sheets.some((s) => s.kind === kind);
}

/** The sheets of one workbook: the roster first, then the kind's own; null when the kind has none yet. */
export function sheetsFor(sheets: readonly SheetDef[], kind: ExportKind, details = false): SheetDef[] | null {
  if (!isExportKindAvailable(sheets, kind)) return null;
  return sheets.filter((s) => (s.kind === 'roster' || kind === 'all' || s.kind === kind) && (details || !s.detailsOnly));
}

/**
 * The .xlsx for one kind and month from the features' declared sheets, with no platform in sight: the CLI
 * writes it to a file, a chat `/export` sends it as a document. `rows` counts data rows (header excluded) per sheet.
 */
export async function buildWorkbook(db: Db, declared: readonly SheetDef[], opts: ExportOptions): Promise<ExportResult> {
  const sheets = sheetsFor(declared, opts.kind, opts.details);
  if (!sheets) throw new ExportKindUnavailable(opts.kind);
  const query = { db, branchId: opts.branchId, month: opts.month, tz: opts.tz, details: opts.details, ...monthRange(opts.month) };
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
