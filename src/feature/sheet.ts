import type { Db } from '../../db/client';
import type { LocalDate } from '../time';

/** What `/export KIND` and `yemai export KIND` accept. */
export const EXPORT_KINDS = ['checkins', 'study', 'meetings', 'leave', 'care', 'all'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The month being exported, and the zone for timestamps of groups that did not set their own. */
export type SheetQuery = { db: Db; branchId: number; month: string; from: LocalDate; to: LocalDate; tz: string; details?: boolean };

export type SheetCell = string | number | null;
export type SheetColumn = { header: string; key: string; width?: number };

/** One worksheet: a feature adds its own by writing one of these and listing it in its feature's `sheets`. */
export type SheetDef = {
  /** The export kind it belongs to; 'roster' sheets go into every workbook. */
  kind: Exclude<ExportKind, 'all'> | 'roster';
  /** The worksheet's name (Excel allows 31 characters, no : \ / ? * [ ]). */
  name: string;
  /** Names people and what they asked (care): in the workbook only when the secretary asks for details. */
  detailsOnly?: boolean;
  columns: SheetColumn[];
  rows(q: SheetQuery): Promise<Record<string, SheetCell>[]>;
};

export const yesNo = (v: boolean) => (v ? '是' : null);
