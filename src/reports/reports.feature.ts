import type { Feature } from '../feature/feature';
import { report } from './reports.commands';

export const reportsFeature: Feature = { name: 'reports', commands: [report] };
