import type { Feature } from '../feature/feature';
import { membersSheet } from './members.sheet';
import { commandFamily } from '../commands/types';
import { memberAdd, memberList, memberRemove, memberSet } from './member.commands';
import { bind, groupAdd, groupList, invite, join, lang, start, whoami } from './org.commands';
import { settings } from './settings.commands';
import { auditCommand } from './audit.commands';

export const orgFeature: Feature = {
  name: 'org',
  commands: [
    join,
    start,
    whoami,
    lang,
    bind,
    ...commandFamily({ name: 'group', aliases: ['小组'] }, [groupAdd, groupList]),
    ...commandFamily({ name: 'member', aliases: ['成员'] }, [memberAdd, memberList, memberSet, memberRemove]),
    invite,
    settings,
    auditCommand,
  ],
  sheets: [membersSheet],
};
