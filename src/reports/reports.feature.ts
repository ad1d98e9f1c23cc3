import type { Feature } from '../feature/feature';
import type { SheetDef } from '../feature/sheet';
import { weeklyDigestJob } from './digest.job';
import { exportCommand } from './export.commands';
import { report } from './reports.commands';
import { attendanceSheet } from './attendance.sheet';
import { recordSheet } from './record.sheet';

/** Reports, exports and the work record; `/export` builds from every feature's sheets, which the app hands in. */
export function reportsFeature(allSheets: () => readonly SheetDef[]): Feature {
  return { name: 'reports', commands: [report, exportCommand(allSheets)], jobs: [weeklyDigestJob], sheets: [attendanceSheet, recordSheet] };
}
