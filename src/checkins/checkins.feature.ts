import type { Feature } from '../feature/feature';
import { checkinReply } from './checkin-reply';
import { checkin, remind, today, unreported } from './checkins.commands';
import { CHECKIN_JOBS } from './checkins.jobs';
import { checkinsSheet } from './checkins.sheet';
import { attendance, my } from './my.commands';
import { rememberPrompt } from './prompt-delivered';

export const checkinsFeature: Feature = {
  name: 'checkins',
  commands: [checkin, unreported, remind, today, my, attendance],
  plainText: checkinReply,
  jobs: CHECKIN_JOBS,
  sheets: [checkinsSheet],
  onDelivered: rememberPrompt,
};
