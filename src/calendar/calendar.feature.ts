import type { Feature } from '../feature/feature';
import { calendarAdd, calendarRemove, calendarShow } from './calendar.commands';
import { CALENDAR_JOBS } from './calendar.jobs';

export const calendarFeature: Feature = { name: 'calendar', commands: [calendarShow, calendarAdd, calendarRemove], jobs: CALENDAR_JOBS };
