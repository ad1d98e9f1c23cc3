import { z } from 'zod';
import { loadCalendar } from '../calendar/calendar.service';
import { isRequiredDay } from '../calendar/required-days';
import type { Reply } from '../commands/types';
import { GROUP_PARAM } from '../commands/params';
import { defineCommand, UserError } from '../commands/types';
import { recordAudit } from '../org/audit';
import { homeGroupId, isLeader, isSecretary, loadActor } from '../org/identity';
import { personInScope } from '../org/authz.person';
import { formatLocal, localDate } from '../time';
import { joinList, labelled } from '../i18n';
import { checkinTexts } from './checkins.text';
import { unreportedMembers } from './checkins.service';
import { lastReminder, MANUAL_KEY, remindSilent } from './remind';
import { daySummary } from './day-summary';
import { groupsInScope } from '../org/authz.group';
import { callerZone } from '../org/caller-zone';
import { submitCheckin } from './submit';
import { CHECKIN_USAGE, leadingReportDay, reportDay } from './report-day';
import { usageError } from '../commands/usage-error';

// "@ 刘川" as well as "@刘川": a space after the @ is a slip, not a place called "@".
const PROXY_AT_START = /^[@＠][\s\u3000]*([^\s\u3000]+)(?:[\s\u3000]+|$)/;

/** `[day] [@member] text` in either order of the first two; the day as written (12月1日, 昨天…), read by submitCheckin. */
export function splitCheckinArgs(rest: string): { date?: string; proxyName?: string; text: string } {
  let text = rest.trim();
  let date: string | undefined;
  let proxyName: string | undefined;
  for (let i = 0; i < 2; i++) {
    const d = leadingReportDay(text);
    if (d && !date) {
      date = d.word;
      text = d.rest;
      continue;
    }
    const p = PROXY_AT_START.exec(text);
    if (p && !proxyName) {
      proxyName = p[1];
      text = text.slice(p[0].length);
    }
  }
  return { date, proxyName, text: text.trim() };
}

export const checkin = defineCommand({
  name: 'checkin',
  listedFor: ['member', 'leader', 'secretary'],
  aliases: ['打卡', '报平安'],
  access: 'member',
  usage: CHECKIN_USAGE,
  summary: {
    zh: '报平安：报告今天的地点和状态；再发一次即更新；可补报近几天',
    en: "check in with today's place and status; send again to update; back-fill recent days",
  },
  input: (a) => splitCheckinArgs(a.rest),
  args: z.object({
    date: z.string().optional(),
    proxyName: z.string().optional(),
    text: z.string(),
  }),
  run: async (ctx, a) => {
    const t = checkinTexts(ctx.lang);
    if (a.proxyName) {
      if (!isLeader(ctx.actor) && !isSecretary(ctx.actor)) throw new UserError(t.proxyNotAllowed());
      const member = await personInScope(ctx, a.proxyName, 'proxy');
      const subject = await loadActor(ctx.db, member.id);
      const groupId = subject ? homeGroupId(subject) : null;
      if (!groupId) throw new UserError(t.noGroup());
      const replies = await submitCheckin(ctx, {
        subject: { memberId: member.id, name: member.name },
        groupId,
        date: a.date,
        text: a.text,
        proxy: { memberId: ctx.actor.memberId, name: ctx.actor.name },
      });
      await recordAudit(ctx, { action: 'checkin.proxy', subjectMemberId: member.id, groupId, detail: { date: a.date ?? null } });
      return replies;
    }
    const groupId = homeGroupId(ctx.actor);
    if (!groupId) throw new UserError(isSecretary(ctx.actor) ? t.secretaryNoGroup() : t.noGroup());
    return submitCheckin(ctx, { subject: { memberId: ctx.actor.memberId, name: ctx.actor.name }, groupId, date: a.date, text: a.text, proxy: null });
  },
});

const UNREPORTED_USAGE = {
  zh: '/unreported [日期] [党小组|全支部]（日期如 2026-12-01、12月1日、昨天）',
  en: '/unreported [DATE] [GROUP|branch] (a date such as 2026-12-01, 12-01 or yesterday)',
};

/** `[day] [group]` in either order; the day as people write it (2026-12-01, 12月1日, 昨天, Dec 1), read against the group's clock. */
const dateOrGroup = (a: { positional: string[] }) => {
  const words = a.positional;
  for (let i = 0; i < words.length; i++) {
    const day = leadingReportDay(words.slice(i).join(' '));
    // The day first ("昨天 全支部", "Dec 1 川西党小组"), or last ("全支部 昨天").
    if (day && (i === 0 || day.rest.trim() === '')) {
      const group = [...words.slice(0, i), ...(i === 0 ? [day.rest.trim()] : [])].join(' ').trim();
      return { date: day.word, group: group || undefined };
    }
  }
  return { date: undefined, group: words.join(' ') || undefined };
};

export const unreported = defineCommand({
  name: 'unreported',
  aliases: ['未报'],
  access: ['secretary', 'leader'],
  usage: UNREPORTED_USAGE,
  summary: { zh: '谁还没有报平安（不含请假和非应报日）', en: 'who has not checked in (leave and days off excluded)' },
  input: dateOrGroup,
  args: z.object({ date: z.string().optional(), group: z.string().optional() }),
  run: async (ctx, raw) => {
    const t = checkinTexts(ctx.lang);
    const replies: Reply[] = [];
    const groups = await groupsInScope(ctx, raw.group);
    const date = raw.date === undefined ? undefined : reportDay(raw.date, localDate(ctx.now, await callerZone(ctx)));
    if (date === null) throw usageError(ctx.lang, t.dayForms(raw.date ?? ''), UNREPORTED_USAGE);
    const a = { ...raw, date };
    const calendar = await loadCalendar(ctx.db);
    // A future required day cannot have been missed yet; a future day off is still answered as such.
    const future = (g: (typeof groups)[number]) => a.date! > localDate(ctx.now, g.config.tz) && isRequiredDay(a.date!, g.config.days, calendar);
    if (a.date && groups.some(future)) throw new UserError(t.futureUnreported());
    const scope = groups.map((group) => {
      const date = a.date ?? localDate(ctx.now, group.config.tz);
      return { group, date, required: isRequiredDay(date, group.config.days, calendar) };
    });
    // One query for every group in scope, each on its own day and clock.
    const missingOf = new Map<number, { name: string }[]>();
    const days = scope.filter((s) => s.required).map((s) => ({ groupId: s.group.id, date: s.date, tz: s.group.config.tz }));
    for (const m of await unreportedMembers(ctx.db, days)) {
      const list = missingOf.get(m.groupId);
      if (list) list.push(m);
      else missingOf.set(m.groupId, [m]);
    }
    for (const { group, date, required } of scope) {
      if (!required) {
        replies.push({ text: labelled(ctx.lang, group.name, t.notRequired(date)) });
        continue;
      }
      const missing = missingOf.get(group.id) ?? [];
      const names = joinList(
        ctx.lang,
        missing.map((m) => m.name),
      );
      if (missing.length === 0) replies.push({ text: labelled(ctx.lang, group.name, t.allReported(date)) });
      else if (ctx.chat.kind === 'group' && group.config.summary === 'counts') {
        replies.push({ text: labelled(ctx.lang, group.name, t.unreportedCount(date, missing.length)) });
        replies.push({ text: labelled(ctx.lang, group.name, t.unreportedList(date, missing.length, names)), private: true });
      } else replies.push({ text: labelled(ctx.lang, group.name, t.unreportedList(date, missing.length, names)) });
    }
    return replies;
  },
});

const REMIND_AGAIN_MS = 10 * 60_000;

export const remind = defineCommand({
  name: 'remind',
  aliases: ['提醒'],
  access: ['secretary', 'leader'],
  params: [GROUP_PARAM],
  summary: { zh: '立即提醒未报平安的人（群里 @ 并私信）', en: 'remind everyone who has not checked in, now (@ in the group and privately)' },
  args: z.object({ group: z.string().optional() }),
  run: async (ctx, a) => {
    const t = checkinTexts(ctx.lang);
    let total = 0;
    const unreachable: string[] = [];
    const calendar = await loadCalendar(ctx.db);
    for (const group of await groupsInScope(ctx, a.group)) {
      const date = localDate(ctx.now, group.config.tz);
      if (!isRequiredDay(date, group.config.days, calendar)) continue;
      // A second /remind moments after the first would @-mention and message the same people again.
      const last = await lastReminder(ctx.db, group.id, date, new Date(ctx.now.getTime() - REMIND_AGAIN_MS));
      if (last) throw new UserError(t.remindedRecently(formatLocal(last, group.config.tz).slice(11, 16), REMIND_AGAIN_MS / 60_000));
      const done = await remindSilent(ctx.db, ctx.now, group, date, `${MANUAL_KEY}:${ctx.now.getTime()}`);
      total += done.reminded;
      unreachable.push(...done.unreachable);
    }
    if (!total) return [{ text: t.nobodyToRemind() }];
    return [{ text: unreachable.length ? t.remindedSome(total, joinList(ctx.lang, unreachable)) : t.reminded(total) }];
  },
});

export const today = defineCommand({
  name: 'today',
  aliases: ['今日'],
  access: ['secretary', 'leader'],
  params: [GROUP_PARAM],
  summary: { zh: '今日报平安人数和明细（明细私信发送）', en: "today's counts and check-ins (details sent privately)" },
  args: z.object({ group: z.string().optional() }),
  run: async (ctx, a) => {
    const replies: Reply[] = [];
    for (const group of await groupsInScope(ctx, a.group)) {
      const s = await daySummary(ctx.db, group, localDate(ctx.now, group.config.tz));
      replies.push({ text: s.counts(ctx.lang) }, { text: s.details(ctx.lang), private: true });
    }
    return replies;
  },
});
