import { z } from 'zod';
import { CARE_TYPES } from '../../db/schema';
import { defineCommand } from '../commands/types';
import type { Lang } from '../i18n';
import { callerZone } from '../org/caller-zone';
import { currentQuarter, parseQuarterArgs } from '../orglife/quarter';
import { usageError } from '../commands/usage-error';
import { CARE } from './care.commands';
import { careTypeName } from './care-types';
import { statsTexts } from './stats.text';
import { careStats } from './stats';
import type { CareStats } from './stats';

const USAGE = {
  zh: '/care stats [年份] [季度]（如 /care stats 2026 4；默认本季度）',
  en: '/care stats [YEAR] [QUARTER] (e.g. /care stats 2026 4; default: this quarter)',
};

function formatStats(lang: Lang, year: number, quarter: number, s: CareStats): string {
  const t = statsTexts(lang);
  const types = CARE_TYPES.map((k) => t.typeCount(careTypeName(lang, k), s.byType[k])).join(t.sep());
  const unvisited = s.unvisited.map((f) => f.name).join(t.sep());
  return [
    t.header(year, quarter),
    t.tickets(
      Object.values(s.byType).reduce((a, b) => a + b, 0),
      types,
    ),
    t.outcome(s.done, s.cancelled),
    t.medians(t.duration(s.medianTakeMin), t.duration(s.medianCloseMin)),
    t.visits(s.visits),
    t.unvisited(s.unvisited.length, unvisited),
  ].join('\n');
}

export const careStatsCommand = defineCommand({
  ...CARE,
  sub: 'stats',
  subAliases: ['统计'],
  access: ['secretary'],
  usage: USAGE,
  summary: {
    zh: '关爱统计：各类工单数、接单和办结的中位用时、家访、未家访的家庭',
    en: 'care figures: tickets by type, median time to take and close, visits, families not visited',
  },
  input: (a) => ({ words: a.positional }),
  args: z.object({ words: z.array(z.string()) }),
  run: async (ctx, a) => {
    const tz = await callerZone(ctx);
    const q = parseQuarterArgs(a.words, currentQuarter(ctx.now, tz));
    if (!q) throw usageError(ctx.lang, statsTexts(ctx.lang).badQuarter(), USAGE);
    const stats = await careStats(ctx.db, ctx.actor.branchId, q, tz);
    return [{ text: formatStats(ctx.lang, q.year, q.quarter, stats) }];
  },
});
