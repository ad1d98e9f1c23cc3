import { calendarFeature } from '../calendar/calendar.feature';
import { careFeature } from '../care/care.feature';
import { checkinsFeature } from '../checkins/checkins.feature';
import type { Feature } from '../feature/feature';
import type { SheetDef } from '../feature/sheet';
import type { ScheduledJob } from '../jobs/job';
import { leaveFeature } from '../leave/leave.feature';
import { meetingsFeature } from '../meetings/meetings.feature';
import { allDelivered } from '../outbox/delivery';
import { orgFeature } from '../org/org.feature';
import { orglifeFeature } from '../orglife/orglife.feature';
import { reportsFeature } from '../reports/reports.feature';
import { studyFeature } from '../study/study.feature';

/** Every feature, in the order /help lists their commands and the export lists their sheets. A new feature is one entry. */
export const FEATURES: readonly Feature[] = [
  orgFeature,
  checkinsFeature,
  leaveFeature,
  studyFeature,
  meetingsFeature,
  orglifeFeature,
  calendarFeature,
  careFeature,
  reportsFeature(() => ALL_SHEETS),
];

export const ALL_JOBS: ScheduledJob[] = FEATURES.flatMap((f) => f.jobs ?? []);
export const ALL_SHEETS: readonly SheetDef[] = FEATURES.flatMap((f) => f.sheets ?? []);
export const onDelivered = allDelivered(FEATURES.flatMap((f) => (f.onDelivered ? [f.onDelivered] : [])));
