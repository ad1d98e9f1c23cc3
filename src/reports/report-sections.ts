import type { ReportSection } from './report-query';
import { checkinsSection, safetySection } from './checkins.section';
import { careSection } from './care.section';
import { meetingsSection } from './meetings.section';
import { studySection } from './study.section';

/** The parts of a report's text, in order. */
export const REPORT_SECTIONS: readonly ReportSection[] = [checkinsSection, safetySection, studySection, meetingsSection, careSection];
