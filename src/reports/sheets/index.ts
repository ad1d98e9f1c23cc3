import { meetingsSheet } from '../../meetings/meetings.sheet';
import { studySheet } from '../../study/study.sheet';
import { checkinsSheet } from './checkins.sheet';
import { leaveSheet } from './leave.sheet';
import { membersSheet } from './members.sheet';
import type { ExportKind, SheetDef } from './types';

/** Every registered sheet, in workbook order. Study, meetings and care add theirs here when they land. */
export const SHEETS: readonly SheetDef[] = [membersSheet, checkinsSheet, leaveSheet, studySheet, meetingsSheet];

/** A kind is exportable once at least one sheet of its own is registered ('all' always is). */
export function isExportKindAvailable(kind: ExportKind): boolean {
  return kind === 'all' || SHEETS.some((s) => s.kind === kind);
}

/** The sheets of one workbook: the roster first, then the kind's own; null when the kind has none yet. */
export function sheetsFor(kind: ExportKind): SheetDef[] | null {
  if (!isExportKindAvailable(kind)) return null;
  return SHEETS.filter((s) => s.kind === 'roster' || kind === 'all' || s.kind === kind);
}
