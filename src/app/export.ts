import type { Writable } from 'node:stream';
import type { Db } from '../../db/client';
import type { ExportKind } from '../feature/sheet';
import { buildWorkbook, isExportKindAvailable as declaredFor, writeWorkbook } from '../reports/export';
import type { ExportOptions, ExportProgress, ExportResult } from '../reports/export';
import { ALL_SHEETS } from './features';

export { EXPORT_KINDS, ExportKindUnavailable, type ExportKind } from '../reports/export';

/** The workbook from every feature's declared sheets, in memory. */
export const buildExport = (db: Db, opts: ExportOptions): Promise<ExportResult> => buildWorkbook(db, ALL_SHEETS, opts);

/** The same, streamed into a file as it is made (the CLI's `yemai export --out`). */
export const writeExport = (db: Db, opts: ExportOptions, out: Writable, progress?: ExportProgress): Promise<Record<string, number>> =>
  writeWorkbook(db, ALL_SHEETS, opts, out, progress);

export const isExportKindAvailable = (kind: ExportKind): boolean => declaredFor(ALL_SHEETS, kind);
