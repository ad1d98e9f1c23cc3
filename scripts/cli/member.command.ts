import { z } from 'zod';
import { PARTY_STATUS_CHOICES } from '../../src/org/add-person';
import { findGroup } from '../../src/org/org.service';
import { addMember } from './add-member';
import { requireBranch, withDb } from './database';
import { noSuchGroup } from './errors-text';
import { blankToUndefined, memberRole, nameField, partyStatus, station } from './fields';
import { defineCliCommand } from './types';

export const memberAddCommand = defineCliCommand({
  words: ['member', 'add'],
  positionals: ['name'],
  usage:
    `yemai member add 姓名 --group 党小组 [--role member|leader|volunteer] [--station 驻地] [--status ${PARTY_STATUS_CHOICES.zh}]\n` +
    `   (yemai member add NAME --group GROUP [--role member|leader|volunteer] [--station TEXT] [--status ${PARTY_STATUS_CHOICES.en}])`,
  summary: '添加成员，输出一次性邀请码（志愿者可不填 --group） / add a member and print their invite code (--group optional for volunteers)',
  options: { group: { type: 'string' }, role: { type: 'string' }, station: { type: 'string' }, status: { type: 'string' } },
  args: z
    .object({
      name: nameField('姓名', 'NAME'),
      group: nameField(' --group 党小组名称', '--group GROUP').optional(),
      role: memberRole.default('member'),
      station: z.preprocess(blankToUndefined, station.optional()),
      status: partyStatus.default('党员'),
    })
    .refine((a) => a.group || a.role === 'volunteer', { error: '缺少 --group 党小组名称 / --group GROUP is missing' }),
  run: (ctx, a) =>
    withDb(ctx, async (db) => {
      const branch = await requireBranch(db);
      const group = a.group ? await findGroup(db, branch.id, a.group) : null;
      if (a.group && !group) throw noSuchGroup(a.group);
      const added = await db.transaction((tx) =>
        addMember(tx, branch.id, { name: a.name, groupId: group?.id ?? null, role: a.role, station: a.station, partyStatus: a.status }, ctx.now),
      );
      return {
        json: { member: added },
        text:
          `已添加成员 ${added.name}，邀请码：${added.inviteCode}（7 天内有效，在聊天中发送 /join ${added.inviteCode}）\n` +
          `Added ${added.name}; invite code ${added.inviteCode} (valid for 7 days; send /join ${added.inviteCode} to the bot)`,
      };
    }),
});
