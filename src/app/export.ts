import type { Db } from '../../db/client';
import type { ExportKind } from '../feature/sheet';
import { buildWorkbook, isExportKindAvailable as declaredFor } from '../reports/export';
import type { ExportOptions, ExportResult } from '../reports/export';
import { ALL_SHEETS } from './features';

export { EXPORT_KINDS, ExportKindUnavailable, type ExportKind } from '../reports/export';

/** The workbook from every feature's declared sheets (the CLI's `yemai export`). */
export const buildExport = (db: Db, opts: ExportOptions): Promise<ExportResult> => buildWorkbook(db, ALL_SHEETS, opts);

export const isExportKindAvailable = (kind: ExportKind): boolean => declaredFor(ALL_SHEETS, kind);
