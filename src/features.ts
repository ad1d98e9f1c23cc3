import type { PlainTextHandler } from './chat/handle-inbound';
import { checkinReply } from './checkins/checkin-reply';
import { checkin, remind, today, unreported } from './checkins/checkins.commands';
import { CHECKIN_JOBS } from './checkins/checkins.jobs';
import { attendance, my } from './checkins/my.commands';
import type { CommandDef } from './commands/types';
import type { ScheduledJob } from './jobs/job';
import { approve, back, leave, leaves, reject } from './leave/leave.commands';
import { memberAdd, memberList, memberRemove, memberSet } from './org/member.commands';
import { bind, groupAdd, groupList, invite, join, start, whoami } from './org/org.commands';
import { settings } from './org/settings.commands';
import { meetingCancel, meetingList } from './meetings/meeting-list.commands';
import { meetingNew } from './meetings/meeting-new.commands';
import { MEETING_JOBS } from './meetings/meetings.jobs';
import { meetingMinutes, meetingReport } from './meetings/minutes-report.commands';
import { meetingLeave, signin } from './meetings/signin.commands';
import { orglife } from './orglife/orglife.commands';
import { ORGLIFE_JOBS } from './orglife/orglife.jobs';
import { classroomMain } from './study/classroom.commands';
import { studyRelay } from './study/relay.commands';
import { studyList, studyStatus } from './study/status.commands';
import { studied, studyPost } from './study/study.commands';
import { STUDY_JOBS } from './study/study.jobs';

export type Feature = { name: string; commands: CommandDef[]; plainText?: PlainTextHandler; jobs?: ScheduledJob[] };

/** Every feature's commands (in the order /help lists them), plain-text handlers and scheduled jobs. */
export const FEATURES: Feature[] = [
  { name: 'org', commands: [join, start, whoami, bind, groupAdd, groupList, memberAdd, memberList, memberSet, memberRemove, invite, settings] },
  { name: 'checkins', commands: [checkin, unreported, remind, today, my, attendance], plainText: checkinReply, jobs: CHECKIN_JOBS },
  { name: 'leave', commands: [leave, approve, reject, back, leaves] },
  { name: 'study', commands: [studyPost, studied, studyStatus, studyList, studyRelay, classroomMain], jobs: STUDY_JOBS },
  { name: 'meetings', commands: [meetingNew, signin, meetingLeave, meetingMinutes, meetingReport, meetingList, meetingCancel], jobs: MEETING_JOBS },
  { name: 'orglife', commands: [orglife], jobs: ORGLIFE_JOBS },
];

export const ALL_JOBS: ScheduledJob[] = FEATURES.flatMap((f) => f.jobs ?? []);
