import { z } from 'zod';
import { UserError, defineSub } from '../commands/types';
import { isSecretary, leadsGroup } from '../org/identity';
import { getGroup } from '../org/org.service';
import { groupSettings } from '../org/settings';
import { formatLocal } from '../time';
import { nextRun, parseCron } from './cron-times';
import { startRelay, stopRelay } from './relay';
import { relayTexts } from './relay.text';
import { itemId } from './study.commands';
import { getItem } from './study.service';
import { statusTexts } from './study-status.text';
import { studyTexts } from './study.text';
import { idWord } from '../commands/params';
import { usageError } from '../commands/usage-error';

const USAGE = {
  zh: '/study relay 编号 cron 表达式 | off（如 /study relay 7 0 20 * * 2：每周二 20:00 推送下一段）',
  en: '/study relay ID CRON | off (e.g. /study relay 7 0 20 * * 2: the next passage every Tuesday at 20:00)',
};
const OFF = new Set(['off', 'stop', '停止', '关闭']);

/** 小组传达定期学: the item's body, cut into passages, goes out one passage per firing of the schedule. */
export const studyRelay = defineSub({
  sub: 'relay',
  subAliases: ['传达', '定期'],
  access: ['secretary', 'leader'],
  usage: USAGE,
  summary: { zh: '按计划（cron，本组时区）逐段推送长篇学习材料', en: 'post a long text passage by passage on a schedule (cron, group time zone)' },
  input: (a) => ({ id: idWord(a.positional[0]), cron: a.positional.slice(1).join(' ') }),
  args: z.object({ id: itemId, cron: z.string().trim().min(1, { error: 'text' }) }),
  run: async (ctx, a) => {
    const t = relayTexts(ctx.lang);
    const item = await getItem(ctx.db, ctx.actor.branchId, a.id);
    if (!item) throw new UserError(studyTexts(ctx.lang).noSuchItem(a.id));
    const mayEdit = isSecretary(ctx.actor) || (item.groupId !== null && leadsGroup(ctx.actor, item.groupId));
    if (!mayEdit) throw new UserError(statusTexts(ctx.lang).notYourItem(a.id));
    if (item.kind === 'makeup') throw new UserError(t.makeupNoRelay());
    if (OFF.has(a.cron.toLowerCase())) return [{ text: t.stopped(item.id, await stopRelay(ctx.db, item)) }];
    const plan = parseCron(a.cron);
    if (!plan) throw usageError(ctx.lang, t.badCron(a.cron), USAGE);
    const passages = await startRelay(ctx.db, item, a.cron, ctx.now);
    if (passages === null) throw new UserError(t.tooFewPassages());
    const group = item.groupId === null ? null : await getGroup(ctx.db, item.groupId);
    const tz = group ? groupSettings(group.settings).tz : item.tz;
    const next = nextRun(plan, tz, ctx.now);
    return [{ text: t.scheduled({ id: item.id, passages, cron: a.cron, next: next ? formatLocal(next, tz) : null, tz }) }];
  },
});
