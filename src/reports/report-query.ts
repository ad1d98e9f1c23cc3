import { SETTING_DEFAULTS } from '../org/settings';
import { inArray, isNull, or } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { GroupInScope } from '../org/authz.group';
import type { Lang } from '../i18n';
import type { MemberDays } from './day-marks';
import type { DateSpan } from './period';
import { monthWindow } from '../feature/month-window';

/** What a report covers, with the day marks already worked out (the text and the chart both need them). */
export type ReportQuery = {
  db: Db;
  now: Date;
  lang: Lang;
  branchId: number;
  groups: GroupInScope[];
  /** The secretary asked for the branch: branch-wide items count in full, not just the listed groups' people. */
  wholeBranch: boolean;
  span: DateSpan;
  marks: Map<number, MemberDays[]>;
};

/** One part of the text summary; a feature adds its own by listing one in report-sections.ts. */
export type ReportSection = { name: string; lines(q: ReportQuery): Promise<string[]> };

/** The people the report is about (every member of the groups in scope). */
export const scopeMemberIds = (q: ReportQuery): Set<number> => new Set([...q.marks.values()].flat().map((m) => m.memberId));

/** The groups whose people are counted: all of them for the branch, else those in scope. */
export const countedGroupIds = (q: ReportQuery): number[] | undefined => (q.wholeBranch ? undefined : q.groups.map((g) => g.id));

/** Branch-wide rows and rows of a group in scope. */
export const inScope = (q: ReportQuery, column: AnyPgColumn) =>
  q.wholeBranch
    ? undefined
    : or(
        isNull(column),
        inArray(
          column,
          q.groups.map((g) => g.id),
        ),
      );

/** The period on the clock of a `tz`: rows keep the zone they were written in (see month-window.ts). */
export const spanWindow = (q: ReportQuery) => monthWindow({ from: q.span.from, to: q.span.to, tz: q.groups[0]?.config.tz ?? SETTING_DEFAULTS.tz });
