import { loadCalendar } from '../calendar/calendar.service';
import { isRequiredDay, describeDay } from '../calendar/required-days';
import type { WorkCalendar } from '../calendar/required-days';
import { groupAddressing } from '../chat/addressing';
import type { DueSlot, JobRunContext, ScheduledGroup, ScheduledJob } from '../jobs/job';
import { notifyMember, postToGroup } from '../outbox/enqueue';
import { leadersAndSecretaries } from '../org/org.service';
import { hasClassroom } from '../org/classrooms';
import { localDate, shiftDate, zonedInstant } from '../time';
import type { LocalDate } from '../time';
import { silentStreak } from './attendance';
import { checkinTexts } from './checkins.text';
import { daySummary } from './day-summary';
import { rosterOnDay } from './expected';
import type { RosterMember } from './expected';
import { loadHistories } from './history';
import { remindSilent } from './remind';
import { alertSilent } from './safety-alerts';

type Slot = { slot: string; time: string };

/** Slots of one kind on the group's required days, for yesterday and today in its zone (a slot may run late). */
function dailySlots(job: string, now: Date, groups: ScheduledGroup[], calendar: WorkCalendar, slotsOf: (g: ScheduledGroup) => Slot[]): DueSlot[] {
  const out: DueSlot[] = [];
  for (const g of groups) {
    const today = localDate(now, g.config.tz);
    for (const date of [shiftDate(today, -1), today]) {
      if (!isRequiredDay(date, g.config.days, calendar)) continue;
      for (const s of slotsOf(g)) {
        out.push({
          job,
          groupId: g.id,
          localDate: date,
          slot: s.slot,
          dueAt: zonedInstant(date, s.time, g.config.tz),
          graceMs: g.config.graceHours * 3_600_000,
        });
      }
    }
  }
  return out;
}

const need = (ctx: JobRunContext): ScheduledGroup => {
  if (!ctx.group) throw new Error(`group ${ctx.slot.groupId} is gone`);
  return ctx.group;
};

export const promptJob: ScheduledJob = {
  name: 'checkin.prompt',
  due: async (db, now, groups) =>
    dailySlots('checkin.prompt', now, groups, await loadCalendar(db), (g) => [{ slot: 'prompt', time: g.config.prompt }]),
  run: async (ctx) => {
    const group = need(ctx);
    const date = ctx.slot.localDate;
    const t = checkinTexts(group.config.lang);
    const { expected } = await rosterOnDay(ctx.db, group.id, date);
    if (expected.length === 0) return;
    const key = `checkin.prompt:g${group.id}:${date}`;
    const calendar = await loadCalendar(ctx.db);
    const posted = await postToGroup(ctx.db, ctx.now, group.id, {
      text: (platform) =>
        t.prompt({
          date,
          day: describeDay(date, calendar, group.config.lang),
          count: expected.length,
          mentionOnly: groupAddressing(platform) === 'mention',
        }),
      dedupKey: key,
      actions: [
        { label: t.buttonSafe(), command: '/checkin 平安 在岗' },
        { label: t.buttonTravel(), command: '/checkin 出差途中' },
      ],
      purpose: 'checkin.prompt',
      purposeRef: { groupId: group.id, localDate: date },
    });
    // Without a classroom the prompt goes to each person privately.
    if (posted === 0 && !(await hasClassroom(ctx.db, group.id))) {
      for (const m of expected) {
        await notifyMember(ctx.db, ctx.now, m.memberId, (lang) => checkinTexts(lang).privatePrompt(date), key, 'checkin.prompt');
      }
    }
  },
};

export const remindJob: ScheduledJob = {
  name: 'checkin.remind',
  due: async (db, now, groups) =>
    dailySlots('checkin.remind', now, groups, await loadCalendar(db), (g) => g.config.reminders.map((time) => ({ slot: time, time }))),
  run: async (ctx) => {
    const group = need(ctx);
    await remindSilent(ctx.db, ctx.now, group, ctx.slot.localDate, `checkin.remind:${ctx.slot.slot}`);
  },
};

export const deadlineJob: ScheduledJob = {
  name: 'checkin.deadline',
  due: async (db, now, groups) =>
    dailySlots('checkin.deadline', now, groups, await loadCalendar(db), (g) => [{ slot: 'deadline', time: g.config.deadline }]),
  run: async (ctx) => {
    const group = need(ctx);
    const date = ctx.slot.localDate;
    const summary = await daySummary(ctx.db, group, date);
    const key = `checkin.deadline:g${group.id}:${date}`;
    const lang = group.config.lang;
    const groupText =
      group.config.summary === 'names'
        ? `${summary.counts(lang)}\n${checkinTexts(lang).summaryNames(summary.missingNames(lang))}`
        : summary.counts(lang);
    await postToGroup(ctx.db, ctx.now, group.id, { text: groupText, dedupKey: key, purpose: 'checkin.summary' });
    const { leaders, secretaries } = await leadersAndSecretaries(ctx.db, group.id, group.branchId);
    for (const to of new Set([...leaders, ...secretaries])) {
      await notifyMember(ctx.db, ctx.now, to, summary.details, `${key}:details`, 'checkin.summary');
    }
    await checkSilence(ctx, group, date, summary.expected);
  },
};

/** Members silent for `safety.silent_days` required days in a row (today included) alert the leaders once. */
async function checkSilence(ctx: JobRunContext, group: ScheduledGroup, date: LocalDate, expected: RosterMember[]) {
  const histories = await loadHistories(
    ctx.db,
    expected.map((m) => m.memberId),
    shiftDate(date, -60),
    date,
    group.config.days,
  );
  for (const m of expected) {
    const h = histories.get(m.memberId);
    const joined = localDate(m.createdAt, group.config.tz);
    const streak = h ? silentStreak(h, date, joined > shiftDate(date, -59) ? joined : shiftDate(date, -59)) : { days: 0, since: null };
    if (streak.days >= group.config.silentDays && streak.since) {
      await alertSilent(ctx.db, ctx.now, {
        memberId: m.memberId,
        name: m.name,
        groupId: group.id,
        branchId: group.branchId,
        days: streak.days,
        since: streak.since,
      });
    }
  }
}

export const CHECKIN_JOBS = [promptJob, remindJob, deadlineJob];
