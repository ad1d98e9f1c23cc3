import type { ReportSection } from './report-query';
import { checkinsSection, safetySection } from './checkins.section';
import { meetingsSection } from './meetings.section';
import { studySection } from './study.section';

/** The parts of a report's text, in order. Care adds its own here when its tables exist. */
export const REPORT_SECTIONS: readonly ReportSection[] = [checkinsSection, safetySection, studySection, meetingsSection];
