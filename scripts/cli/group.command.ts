import { z } from 'zod';
import { authorizePerson } from '../../src/org/authz.person';
import { operatorActor } from '../../src/org/authz.rules';
import { UserError } from '../../src/commands/types';
import { loadActor } from '../../src/org/identity';
import { createGroup, createMember, findMember, OrgConflict, setHomeGroup } from '../../src/org/org.service';
import { recordAudit } from '../../src/org/audit';
import { requireBranch, withDb } from './database';
import { nameField } from './fields';
import { CliFailure, defineCliCommand } from './types';

export const groupAddCommand = defineCliCommand({
  words: ['group', 'add'],
  positionals: ['name'],
  usage: 'yemai group add 党小组名称 [--leader 党小组长姓名]   (yemai group add NAME [--leader NAME])',
  summary: '新建党小组，可指定党小组长（已有成员或新建） / create a group, optionally with its leader (an existing member or a new one)',
  options: { leader: { type: 'string' } },
  args: z.object({
    name: nameField('党小组名称', 'the group NAME'),
    leader: nameField(' --leader 党小组长姓名', '--leader NAME').optional(),
  }),
  run: (ctx, a) =>
    withDb(ctx, async (db) => {
      const branch = await requireBranch(db);
      const result = await db.transaction(async (tx) => {
        const group = await createGroup(tx, branch.id, a.name).catch((err) => {
          if (err instanceof OrgConflict) throw new CliFailure(`党小组“${a.name}”已存在 / group "${a.name}" already exists`);
          throw err;
        });
        let leaderInviteCode: string | undefined;
        if (a.leader) {
          // An existing person moves here as leader (one home group each); a new one is created with an invite code.
          const existing = await findMember(tx, branch.id, a.leader);
          if (existing) {
            await mayMakeLeader(tx, branch.id, existing.id);
            await setHomeGroup(tx, existing.id, group.id, 'leader');
          } else
            leaderInviteCode = (await createMember(tx, { branchId: branch.id, name: a.leader, groupId: group.id, role: 'leader' }, ctx.now))
              .inviteCode;
        }
        await recordAudit(
          { db: tx, now: ctx.now, actor: null },
          { action: 'group.add', branchId: branch.id, groupId: group.id, detail: { leader: a.leader ?? null, via: 'cli' } },
        );
        return { name: group.name, leader: a.leader ?? null, ...(leaderInviteCode ? { leaderInviteCode } : {}) };
      });
      return { json: { group: result }, text: groupText(result) };
    }),
});

/** The CLI asks the same rule as the chat commands, as the branch's operator. */
async function mayMakeLeader(tx: Parameters<typeof loadActor>[0], branchId: number, memberId: number) {
  const target = await loadActor(tx, memberId);
  if (!target) return;
  await authorizePerson(tx, operatorActor(branchId), target, 'set-role', 'zh').catch((err) => {
    throw err instanceof UserError ? new CliFailure(err.reply) : err;
  });
}

function groupText(g: { name: string; leader: string | null; leaderInviteCode?: string }): string {
  if (!g.leader) return `已新建党小组“${g.name}” / Created group "${g.name}"`;
  if (!g.leaderInviteCode) return `已新建党小组“${g.name}”，党小组长：${g.leader} / Created group "${g.name}" led by ${g.leader}`;
  return (
    `已新建党小组“${g.name}”，新成员 ${g.leader} 任党小组长，邀请码：${g.leaderInviteCode}（7 天内有效）\n` +
    `Created group "${g.name}"; new member ${g.leader} leads it, invite code ${g.leaderInviteCode} (valid for 7 days)`
  );
}
