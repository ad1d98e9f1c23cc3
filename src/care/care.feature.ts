import type { Feature } from '../feature/feature';
import { careRaise } from './care.commands';
import { CARE_JOBS } from './care.jobs';
import { careCountsSheet, careDetailsSheet } from './care.sheet';
import { careAssign, careCancel, careDone, careTake } from './desk.commands';
import { duty } from './duty.commands';
import { FAMILY_COMMANDS } from './family.commands';
import { careList, careMine } from './list.commands';
import { careStatsCommand } from './stats.commands';
import { visit } from './visit.commands';

/** The 一家人 care desk: family register, duty, tickets, visits. */
export const careFeature: Feature = {
  name: 'care',
  commands: [...FAMILY_COMMANDS, careRaise, careMine, careCancel, careList, careTake, careAssign, careDone, careStatsCommand, duty, visit],
  jobs: CARE_JOBS,
  sheets: [careCountsSheet, careDetailsSheet],
};
