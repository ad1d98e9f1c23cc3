import { isRequiredDay, describeDay } from '../calendar/required-days';
import { groupAddressing } from '../chat/addressing';
import type { DueSlot, JobRunContext, ScheduledGroup, ScheduledJob } from '../jobs/job';
import { deliver, postToGroups } from '../audience/audience';
import { roomsOfGroups } from '../audience/rooms';
import { leadersAndSecretaries } from '../org/org.service';
import { localDate, shiftDate, zonedInstant } from '../time';
import type { LocalDate } from '../time';
import { silentStreak } from './attendance';
import { checkinTexts } from './checkins.text';
import { daySummary } from './day-summary';
import { rosterOnDay } from '../roster/roster';
import type { RosterMember } from '../roster/roster';
import { loadHistories } from './history';
import { remindSilent } from './remind';
import { alertSilent } from './safety-alerts';

type Slot = { slot: string; time: string };

/** Slots of one kind on the group's required days, for yesterday and today in its zone (a slot may run late). */
function dailySlots(job: string, now: Date, groups: ScheduledGroup[], slotsOf: (g: ScheduledGroup) => Slot[]): DueSlot[] {
  const out: DueSlot[] = [];
  for (const g of groups) {
    const today = localDate(now, g.config.tz);
    for (const date of [shiftDate(today, -1), today]) {
      if (!isRequiredDay(date, g.config.days)) continue;
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
  due: (_db, now, groups) => dailySlots('checkin.prompt', now, groups, (g) => [{ slot: 'prompt', time: g.config.prompt }]),
  run: async (ctx) => {
    const group = need(ctx);
    const date = ctx.slot.localDate;
    const t = checkinTexts(group.config.lang);
    const { expected } = await rosterOnDay(ctx.db, { groupId: group.id, date, tz: group.config.tz });
    if (expected.length === 0) return;
    const key = `checkin.prompt:g${group.id}:${date}`;
    // Without a classroom the prompt goes to each person privately.
    await postToGroups(ctx.db, ctx.now, await roomsOfGroups(ctx.db, [group.id]), [
      {
        groupId: group.id,
        members: expected.map((m) => m.memberId),
        privateText: (lang) => checkinTexts(lang).privatePrompt(date),
        text: (platform) =>
          t.prompt({
            date,
            day: describeDay(date).split(',')[1] ?? '',
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
      },
    ]);
  },
};

export const remindJob: ScheduledJob = {
  name: 'checkin.remind',
  due: (_db, now, groups) => dailySlots('checkin.remind', now, groups, (g) => g.config.reminders.map((time) => ({ slot: time, time }))),
  run: async (ctx) => {
    const group = need(ctx);
    await remindSilent(ctx.db, ctx.now, group, ctx.slot.localDate, `checkin.remind:${ctx.slot.slot}`);
  },
};

export const deadlineJob: ScheduledJob = {
  name: 'checkin.deadline',
  due: (_db, now, groups) => dailySlots('checkin.deadline', now, groups, (g) => [{ slot: 'deadline', time: g.config.deadline }]),
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
    const { leaders, secretaries } = await leadersAndSecretaries(ctx.db, group.id, group.branchId);
    await deliver(ctx.db, ctx.now, {
      posts: [{ rooms: (await roomsOfGroups(ctx.db, [group.id])).get(group.id) ?? [], text: groupText, dedupKey: key, purpose: 'checkin.summary' }],
      notes: [...new Set([...leaders, ...secretaries])].map((memberId) => ({
        memberId,
        text: summary.details,
        dedupKey: `${key}:details`,
        purpose: 'checkin.summary',
      })),
    });
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
