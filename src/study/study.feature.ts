import type { Feature } from '../feature/feature';
import { commandFamily } from '../commands/types';
import { classroomMain } from './classroom.commands';
import { studyRelay } from './relay.commands';
import { studyList, studyStatus } from './status.commands';
import { studied, studyPost } from './study.commands';
import { STUDY_JOBS } from './study.jobs';
import { studySheet } from './study.sheet';

export const studyFeature: Feature = {
  name: 'study',
  commands: [...commandFamily({ name: 'study', aliases: ['学习'] }, [studyPost, studyStatus, studyList, studyRelay]), studied, classroomMain],
  jobs: STUDY_JOBS,
  sheets: [studySheet],
};
