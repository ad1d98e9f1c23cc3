import { z } from 'zod';
import { defineCommand } from '../commands/types';
import { callerZone } from '../org/caller-zone';
import { usageError } from '../commands/usage-error';
import { formatRecord } from './orglife.format';
import { orgLifeRecord } from './orglife.service';
import { orglifeTexts } from './orglife.text';
import { currentQuarter, parseQuarterArgs } from './quarter';

const USAGE = {
  zh: '/orglife [年份] [季度]（如 /orglife 2026 4；默认本季度）',
  en: '/orglife [YEAR] [QUARTER] (e.g. /orglife 2026 4; default: this quarter)',
};

export const orglife = defineCommand({
  name: 'orglife',
  aliases: ['组织生活'],
  access: ['secretary'],
  usage: USAGE,
  summary: {
    zh: '三会一课：各类会议次数对照要求、缺口和每次出席率',
    en: 'three meetings and one lecture: meetings held per type against the requirements, the gaps, attendance per meeting',
  },
  input: (a) => ({ words: a.positional }),
  args: z.object({ words: z.array(z.string()) }),
  run: async (ctx, a) => {
    const tz = await callerZone(ctx);
    const q = parseQuarterArgs(a.words, currentQuarter(ctx.now, tz));
    if (!q) throw usageError(ctx.lang, orglifeTexts(ctx.lang).badQuarter(), USAGE);
    const record = await orgLifeRecord(ctx.db, ctx.actor.branchId, q, tz, ctx.now);
    return [{ text: await formatRecord(ctx.db, ctx.lang, record) }];
  },
});
