import { z } from 'zod';
import { groupsInScope, isBranchWord } from '../org/authz.group';
import type { MemberContext, Reply } from '../commands/types';
import { defineCommand, UserError } from '../commands/types';
import { groupVerdict } from '../org/authz.rules';
import { isSecretary } from '../org/identity';
import { callerZone } from '../org/caller-zone';
import { localDate } from '../time';
import { branchGroups, branchName } from './branch-groups';
import { periodOf, periodSoFar } from './period';
import type { ReportPeriod } from './period';
import type { ReportRequest } from './report';
import { buildReport } from './report';
import { reportTexts } from './report.text';
import { listSeparator } from '../i18n';

/** Whom the report is about: one group, the groups a leader leads, or (secretary) the whole branch. */
async function reportScope(ctx: MemberContext, name: string | undefined) {
  const branch = await branchName(ctx.db, ctx.actor.branchId);
  const askedBranch = name !== undefined && (isBranchWord(name) || name === branch);
  const inOwnGroupChat = ctx.chat.groupId !== null && groupVerdict(ctx.actor, ctx.chat.groupId).ok;
  const wholeBranch = isSecretary(ctx.actor) && (askedBranch || (!name && !inOwnGroupChat));
  const groups = wholeBranch ? await branchGroups(ctx.db, ctx.actor.branchId) : await groupsInScope(ctx, name);
  if (groups.length === 0) throw new UserError(reportTexts(ctx.lang).noGroups());
  const single = !wholeBranch && groups.length === 1 ? groups[0] : undefined;
  const scope = wholeBranch ? branch : groups.map((g) => g.name).join(listSeparator(ctx.lang));
  return { groups, wholeBranch, scope, tz: single ? single.config.tz : await callerZone(ctx) };
}

/** The report a leader or the secretary asks for now: the period so far, on the clock of the group (or the caller). */
export async function requestedReport(ctx: MemberContext, period: ReportPeriod, name?: string): Promise<ReportRequest> {
  const s = await reportScope(ctx, name);
  const span = periodSoFar(period, localDate(ctx.now, s.tz));
  return { db: ctx.db, now: ctx.now, lang: ctx.lang, branchId: ctx.actor.branchId, ...s, period, span };
}

export const report = defineCommand({
  name: 'report',
  aliases: ['报表'],
  access: ['secretary', 'leader'],
  usage: { zh: '/report [day|week|month] [党小组|全支部]', en: '/report [day|week|month] [GROUP|branch]' },
  summary: {
    zh: '报表：报平安、安全、学习、会议、关爱的汇总和图表（私信发送；默认本周）',
    en: 'report: check-ins, safety, study, meetings and care with a chart (sent privately; this week by default)',
  },
  input: (a) => {
    const [first, ...rest] = a.positional;
    const period = periodOf(first);
    if (period || first === undefined) return { period: period ?? 'week', group: rest.join(' ') || undefined };
    // A Latin word that is no period is a mistyped period; anything else is a group's name.
    if (/^[a-z]+$/i.test(first) && !isBranchWord(first)) return { period: first, group: rest.join(' ') || undefined };
    return { period: 'week', group: a.positional.join(' ') };
  },
  args: z.object({ period: z.enum(['day', 'week', 'month'], { error: 'period' }), group: z.string().optional() }),
  run: async (ctx, a): Promise<Reply[]> => {
    const r = await buildReport(await requestedReport(ctx, a.period, a.group));
    return [{ text: r.text, private: true, file: { name: r.filename, mime: 'image/png', data: r.chart.png } }];
  },
});
