import type { Feature } from '../feature/feature';
import { classroomMain } from './classroom.commands';
import { studyRelay } from './relay.commands';
import { studyList, studyStatus } from './status.commands';
import { studied, studyPost } from './study.commands';
import { STUDY_JOBS } from './study.jobs';
import { studySheet } from './study.sheet';

export const studyFeature: Feature = {
  name: 'study',
  commands: [studyPost, studied, studyStatus, studyList, studyRelay, classroomMain],
  jobs: STUDY_JOBS,
  sheets: [studySheet],
};
