import type { Db } from '../../db/client';
import type { LocalDate } from '../time';

/** What `/export KIND` and `yemai export KIND` accept. */
export const EXPORT_KINDS = ['checkins', 'attendance', 'study', 'meetings', 'leave', 'care', 'record', 'all'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The month being exported, and the zone for timestamps of groups that did not set their own. */
export type SheetQuery = {
  db: Db;
  branchId: number;
  month: string;
  from: LocalDate;
  to: LocalDate;
  tz: string;
  /** When the export is made: days after it are not missed yet. */
  now: Date;
  /** The secretary asked for details (e.g. care tickets' texts), not counts only. */
  details: boolean;
  /** Only this person (the work record of one member). */
  member?: string;
  /** The export as it was asked for: one object per export, so its workbook and its PDF can share what they read. */
  request: object;
};

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
  /** Fixed, or worked out from the query (e.g. one column per day of the month). */
  columns: SheetColumn[] | ((q: SheetQuery) => SheetColumn[]);
  /** Columns kept in view when scrolling sideways (e.g. the member's name); the header row always is. */
  frozenColumns?: number;
  /** Left out of 'all' (the work record is its own, printable export). */
  ownExportOnly?: boolean;
  rows(q: SheetQuery): Promise<Record<string, SheetCell>[]>;
};

export const yesNo = (v: boolean) => (v ? '是' : null);

/**
 * Columns from a compact table, key → [中文, English, width], in order; every header reads "中文 (English)" so
 * the workbook serves both readers.
 */
export function sheetColumns(spec: Record<string, readonly [zh: string, en: string, width: number]>): SheetColumn[] {
  return Object.entries(spec).map(([key, [zh, en, width]]) => ({ header: `${zh} (${en})`, key, width }));
}
