import type { Feature } from '../feature/feature';
import { meetingCancel, meetingList } from './meeting-list.commands';
import { meetingNew } from './meeting-new.commands';
import { MEETING_JOBS } from './meetings.jobs';
import { meetingsSheet } from './meetings.sheet';
import { meetingMinutes, meetingReport } from './minutes-report.commands';
import { meetingLeave, signin } from './signin.commands';

export const meetingsFeature: Feature = {
  name: 'meetings',
  commands: [meetingNew, signin, meetingLeave, meetingMinutes, meetingReport, meetingList, meetingCancel],
  jobs: MEETING_JOBS,
  sheets: [meetingsSheet],
};
