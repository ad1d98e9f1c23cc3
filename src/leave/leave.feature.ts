import type { Feature } from '../feature/feature';
import { approve, back, leave, leaves, reject } from './leave.commands';
import { leaveSheet } from './leave.sheet';

export const leaveFeature: Feature = { name: 'leave', commands: [leave, approve, reject, back, leaves], sheets: [leaveSheet] };
