import type { Feature } from '../feature/feature';
import { commandFamily } from '../commands/types';
import { meetingCancel, meetingList } from './meeting-list.commands';
import { meetingNew } from './meeting-new.commands';
import { MEETING_JOBS } from './meetings.jobs';
import { meetingsSheet } from './meetings.sheet';
import { meetingMinutes, meetingReport } from './minutes-report.commands';
import { meetingLeave, signin } from './signin.commands';

export const meetingsFeature: Feature = {
  name: 'meetings',
  commands: [
    ...commandFamily({ name: 'meeting', aliases: ['会议'] }, [meetingNew, meetingLeave, meetingMinutes, meetingReport, meetingList, meetingCancel]),
    signin,
  ],
  jobs: MEETING_JOBS,
  sheets: [meetingsSheet],
};
