import type { Db } from '../../db/client';
import type { ExportOptions } from './export';
import { exportFilename } from './export';
import { workRecordPdf } from './record-pdf';
import { exportWorkRecords } from './work-record';

export const PDF_MIME = 'application/pdf';

/** The work record as a printable PDF: a page per member (or the one named), two when a month is full. */
export async function recordPdf(db: Db, opts: ExportOptions): Promise<{ buffer: Buffer; filename: string; members: number; pages: number }> {
  const { branch, records } = await exportWorkRecords(db, { ...opts, request: opts });
  const pdf = await workRecordPdf(records, branch);
  return { ...pdf, filename: exportFilename(opts, 'pdf'), members: records.length };
}
