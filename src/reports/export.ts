import { PassThrough } from 'node:stream';
import type { Writable } from 'node:stream';
import type { Db } from '../../db/client';
import type { ExportKind, SheetDef, SheetQuery } from '../feature/sheet';
import { monthRange } from '../time';

export { EXPORT_KINDS, type ExportKind } from '../feature/sheet';

export class ExportKindUnavailable extends Error {
  constructor(readonly kind: ExportKind) {
    super(`该类导出尚未提供：${kind} / this export kind is not available yet: ${kind}`);
  }
}

export type ExportOptions = { branchId: number; kind: ExportKind; month: string; tz: string; now: Date; details?: boolean; member?: string };
export type ExportResult = { buffer: Buffer; filename: string; rows: Record<string, number> };
/** Called after every sheet and every PROGRESS_EVERY rows, so a terminal can show how far a large export is. */
export type ExportProgress = (p: { sheet: string; rows: number; sheetIndex: number; sheets: number }) => void;

const PROGRESS_EVERY = 1000;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A kind is exportable once at least one sheet of its own is declared ('all' always is). */
export function isExportKindAvailable(sheets: readonly SheetDef[], kind: ExportKind): boolean {
  return kind === 'all' || sheets.some((s) => s.kind === kind);
}

/** The sheets of one workbook: the roster first, then the kind's own; null when the kind has none yet. */
export function sheetsFor(sheets: readonly SheetDef[], kind: ExportKind, details = false): SheetDef[] | null {
  if (!isExportKindAvailable(sheets, kind)) return null;
  return sheets.filter((s) => (s.kind === 'roster' || s.kind === kind || (kind === 'all' && !s.ownExportOnly)) && (details || !s.detailsOnly));
}

export const exportFilename = (opts: Pick<ExportOptions, 'kind' | 'month'>, ext = 'xlsx') => `yemai-${opts.kind}-${opts.month}.${ext}`;

export function sheetQuery(db: Db, opts: ExportOptions): SheetQuery {
  const { branchId, month, tz, now, member } = opts;
  return { db, branchId, month, tz, now, details: opts.details ?? false, member, request: opts, ...monthRange(month) };
}

/**
 * Streams the .xlsx for one kind and month into `out` (a file, or a buffer for a chat) row by row with exceljs'
 * WorkbookWriter, so a large branch's workbook is never held whole in memory. Returns data rows per sheet.
 */
export async function writeWorkbook(
  db: Db,
  declared: readonly SheetDef[],
  opts: ExportOptions,
  out: Writable,
  progress?: ExportProgress,
): Promise<Record<string, number>> {
  const sheets = sheetsFor(declared, opts.kind, opts.details);
  if (!sheets) throw new ExportKindUnavailable(opts.kind);
  const query = sheetQuery(db, opts);
  // Imported when a workbook is asked for, so the bot does not pay for it at start-up.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Yemai 叶脉';
  const counts: Record<string, number> = {};
  for (const [sheetIndex, sheet] of sheets.entries()) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', xSplit: sheet.frozenColumns ?? 0, ySplit: 1 }] });
    ws.columns = typeof sheet.columns === 'function' ? sheet.columns(query) : sheet.columns;
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    const data = await sheet.rows(query);
    for (const [i, row] of data.entries()) {
      ws.addRow(row).commit();
      if ((i + 1) % PROGRESS_EVERY === 0) progress?.({ sheet: sheet.name, rows: i + 1, sheetIndex, sheets: sheets.length });
    }
    ws.commit();
    counts[sheet.name] = data.length;
    progress?.({ sheet: sheet.name, rows: data.length, sheetIndex, sheets: sheets.length });
  }
  await workbook.commit();
  return counts;
}

/** The same workbook in memory, for a chat to send as a document. */
export async function buildWorkbook(db: Db, declared: readonly SheetDef[], opts: ExportOptions): Promise<ExportResult> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const rows = await writeWorkbook(db, declared, opts, sink);
  await ended;
  return { buffer: Buffer.concat(chunks), filename: exportFilename(opts), rows };
}
