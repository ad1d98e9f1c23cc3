import type { Db } from '../../db/client';
import { SETTING_DEFAULTS } from '../org/settings';
import { branchGroups } from './branch-groups';
import type { ExportOptions } from './export';
import { exportFilename } from './export';
import { workRecordPdf } from './record-pdf';
import { branchWorkRecords } from './work-record';

export const PDF_MIME = 'application/pdf';

/**
 * The zone a branch-wide question ("this month") is asked in: the first group's, else the default. Each row's
 * times are still shown on its own group's clock.
 */
export async function branchZone(db: Db, branchId: number): Promise<string> {
  return (await branchGroups(db, branchId))[0]?.config.tz ?? SETTING_DEFAULTS.tz;
}

/** The work record as a printable PDF: one page per member (or the one named). */
export async function recordPdf(db: Db, opts: ExportOptions): Promise<{ buffer: Buffer; filename: string; pages: number }> {
  const { branch, records } = await branchWorkRecords(db, opts);
  return { buffer: await workRecordPdf(records, branch), filename: exportFilename(opts, 'pdf'), pages: records.length };
}
