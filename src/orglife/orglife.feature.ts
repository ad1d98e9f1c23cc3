import type { Feature } from '../feature/feature';
import { orglife } from './orglife.commands';
import { ORGLIFE_JOBS } from './orglife.jobs';

export const orglifeFeature: Feature = { name: 'orglife', commands: [orglife], jobs: ORGLIFE_JOBS };
