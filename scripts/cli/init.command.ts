import { z } from 'zod';
import { AlreadyInitialised, initBranch } from '../../src/org/bootstrap';
import { findBranch } from '../../src/org/org.service';
import { withDb } from './database';
import { nameField } from './fields';
import { CliFailure, defineCliCommand } from './types';

export const initCommand = defineCliCommand({
  words: ['init'],
  positionals: [],
  usage: 'yemai init --branch 支部名称 --secretary 书记姓名   (yemai init --branch NAME --secretary NAME)',
  summary: '建立党支部及支部书记（首次使用） / create the branch and its secretary (first run)',
  options: { branch: { type: 'string' }, secretary: { type: 'string' } },
  args: z.object({
    branch: nameField(' --branch 支部名称', '--branch NAME'),
    secretary: nameField(' --secretary 书记姓名', '--secretary NAME'),
  }),
  run: (ctx, a) =>
    withDb(ctx, async (db) => {
      try {
        const { branch, secretary, inviteCode } = await initBranch(db, a.branch, a.secretary, ctx.now);
        return {
          json: { branch: { name: branch.name }, secretary: { name: secretary.name, inviteCode } },
          text:
            `已建立党支部“${branch.name}”，支部书记 ${secretary.name} 的邀请码：${inviteCode}（7 天内有效，在聊天中发送 /join ${inviteCode}）\n` +
            `Created branch "${branch.name}"; invite code for secretary ${secretary.name}: ${inviteCode} (valid for 7 days; send /join ${inviteCode} to the bot)`,
        };
      } catch (err) {
        if (!(err instanceof AlreadyInitialised)) throw err;
        const existing = (await findBranch(db))?.name ?? '';
        throw new CliFailure(
          `这个数据库已经建立了党支部“${existing}”，无需再次 init / this database already holds branch "${existing}"; init runs once`,
        );
      }
    }),
});
