import { z } from 'zod';
import { withDb } from './database';
import { defineCliCommand } from './types';

/** Opening the database migrates it; this command does only that, for deploy scripts. */
export const migrateCommand = defineCliCommand({
  words: ['migrate'],
  positionals: [],
  usage: 'yemai migrate',
  summary: '执行数据库迁移（机器人启动时也会执行） / apply database migrations (the bot does this at start too)',
  options: {},
  args: z.object({}),
  run: (ctx) =>
    withDb(ctx, async (_db, backend) => ({
      json: { migrated: true, backend },
      text: `数据库已是最新结构（${backend}） / the database schema is up to date (${backend})`,
    })),
});
