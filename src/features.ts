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

export type Feature = { name: string; commands: CommandDef[]; plainText?: PlainTextHandler; jobs?: ScheduledJob[] };

/** Every feature's commands (in the order /help lists them), plain-text handlers and scheduled jobs. */
export const FEATURES: Feature[] = [
  { name: 'org', commands: [join, start, whoami, bind, groupAdd, groupList, memberAdd, memberList, memberSet, memberRemove, invite, settings] },
  { name: 'checkins', commands: [checkin, unreported, remind, today, my, attendance], plainText: checkinReply, jobs: CHECKIN_JOBS },
  { name: 'leave', commands: [leave, approve, reject, back, leaves] },
];

export const ALL_JOBS: ScheduledJob[] = FEATURES.flatMap((f) => f.jobs ?? []);
