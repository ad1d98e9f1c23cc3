import { calendarAtTick } from '../calendar/calendar.jobs';
import { loadCalendar } from '../calendar/calendar.service';
import { isRequiredDay, describeDay } from '../calendar/required-days';
import { groupAddressing } from '../chat/addressing';
import { deliver, postToGroups } from '../audience/audience';
import { roomsOfGroups } from '../audience/rooms';
import type { Slot, TickContext } from '../jobs/job';
import { defineJob, slotKey, withinGrace } from '../jobs/job';
import { leadersAndSecretariesOf } from '../org/org.service';
import { groupsAtTick } from '../org/scheduled-groups';
import type { ScheduledGroup } from '../org/scheduled-groups';
import { rosterKey, rostersOn } from '../roster/roster';
import type { RosterMember } from '../roster/roster';
import { localDate, shiftDate, zonedInstant } from '../time';
import type { LocalDate } from '../time';
import { silentStreak } from './attendance';
import { groupedBy } from '../grouped-by';
import { checkinTexts } from './checkins.text';
import { daySummaries } from './day-summary';
import type { DaySummary } from './day-summary';
import { loadHistories } from './history';
import { remindSilentGroups } from './remind';
import { alertSilent } from './safety-alerts';

/** A group's daily slot: the group as read this tick, the day on its clock, and the slot's name (a time for reminders). */
type GroupDaySlot = { group: ScheduledGroup; date: LocalDate; name: string };

/** Slots of one kind on each group's required days, for yesterday and today in its zone (a slot may run late). */
async function dailySlots(ctx: TickContext, slotsOf: (g: ScheduledGroup) => { name: string; time: string }[]): Promise<Slot<GroupDaySlot>[]> {
  const out: Slot<GroupDaySlot>[] = [];
  const calendar = await calendarAtTick(ctx.db, ctx.now);
  // Thousands of groups share a handful of (day, rule) pairs: ask the calendar once for each.
  const required = new Map<string, boolean>();
  const isRequired = (date: LocalDate, days: ScheduledGroup['config']['days']) => {
    const k = `${date}|${days}`;
    if (!required.has(k)) required.set(k, isRequiredDay(date, days, calendar));
    return required.get(k) as boolean;
  };
  for (const group of await groupsAtTick(ctx.db, ctx.now)) {
    const today = localDate(ctx.now, group.config.tz);
    for (const date of [shiftDate(today, -1), today]) {
      if (!isRequired(date, group.config.days)) continue;
      for (const s of slotsOf(group)) {
        const dueAt = zonedInstant(date, s.time, group.config.tz);
        const graceMs = group.config.graceHours * 3_600_000;
        // Most minutes nothing is due: a slot outside its window is not built (thousands of groups, every tick).
        if (!withinGrace(ctx.now, dueAt, graceMs)) continue;
        out.push({ key: slotKey(date, s.name, group.id), dueAt, graceMs, payload: { group, date, name: s.name } });
      }
    }
  }
  return out;
}

const dayOf = ({ group, date }: GroupDaySlot) => ({ groupId: group.id, date, tz: group.config.tz });

/**
 * The day's prompt in each group's classrooms (privately to each expected person where there is none), for a
 * whole batch of groups at once: their rosters, rooms and private chats in one query each, the rows in
 * multi-row inserts. A group with nobody expected that day gets no prompt.
 */
export const promptJob = defineJob<GroupDaySlot>({
  name: 'checkin.prompt',
  due: (ctx) => dailySlots(ctx, (g) => [{ name: 'prompt', time: g.config.prompt }]),
  run: async ({ db, now }, slots) => {
    const rosters = await rostersOn(
      db,
      slots.map((s) => dayOf(s.payload)),
    );
    const expectedOf = (p: GroupDaySlot) => rosters.get(rosterKey(dayOf(p)))?.expected ?? [];
    const live = slots.map((s) => s.payload).filter((p) => expectedOf(p).length > 0);
    const calendar = await loadCalendar(db);
    const rooms = await roomsOfGroups(
      db,
      live.map((p) => p.group.id),
    );
    await postToGroups(
      db,
      now,
      rooms,
      live.map((p) => {
        const t = checkinTexts(p.group.config.lang);
        const count = expectedOf(p).length;
        const day = describeDay(p.date, calendar, p.group.config.lang);
        return {
          groupId: p.group.id,
          members: expectedOf(p).map((m) => m.memberId),
          privateText: (lang) => checkinTexts(lang).privatePrompt(p.date),
          text: (room) => t.prompt({ date: p.date, day, count, mentionOnly: groupAddressing(room.platform) === 'mention' }),
          dedupKey: `checkin.prompt:g${p.group.id}:${p.date}`,
          actions: [
            { label: t.buttonSafe(), command: t.buttonSafeCommand() },
            { label: t.buttonTravel(), command: t.buttonTravelCommand() },
          ],
          purpose: 'checkin.prompt',
          purposeRef: { groupId: p.group.id, localDate: p.date },
        };
      }),
    );
  },
});

/** The silent of a whole batch of groups are reminded together, one pass per reminder time and day. */
export const remindJob = defineJob<GroupDaySlot>({
  name: 'checkin.remind',
  due: (ctx) => dailySlots(ctx, (g) => g.config.reminders.map((time) => ({ name: time, time }))),
  run: async ({ db, now }, slots) => {
    const passes = groupedBy(
      slots.map((s) => s.payload),
      (p) => `${p.name}|${p.date}`,
    );
    for (const same of passes.values()) await remindSilentGroups(db, now, same, `checkin.remind:${(same[0] as GroupDaySlot).name}`);
  },
});

/**
 * The day's close in each group: the counts (and names, if the group wants them) in its classrooms, every report
 * privately to its leaders and the branch secretaries, and an alert for anyone silent too long. For a whole batch
 * of groups at once: summaries, rooms, heads and histories in a few queries, the rows in multi-row inserts.
 */
export const deadlineJob = defineJob<GroupDaySlot>({
  name: 'checkin.deadline',
  due: (ctx) => dailySlots(ctx, (g) => [{ name: 'deadline', time: g.config.deadline }]),
  run: async ({ db, now }, slots) => {
    const days = slots.map((s) => s.payload);
    const summaries = await daySummaries(db, days);
    const rooms = await roomsOfGroups(
      db,
      days.map((d) => d.group.id),
    );
    const heads = await leadersAndSecretariesOf(
      db,
      days.map((d) => d.group),
    );
    const closes = days.map((day, i) => ({ day, summary: summaries[i] as DaySummary, key: `checkin.deadline:g${day.group.id}:${day.date}` }));
    await deliver(db, now, {
      posts: closes.map(({ day: { group }, summary, key }) => {
        const lang = group.config.lang;
        const counts = summary.counts(lang);
        const text = group.config.summary === 'names' ? `${counts}\n${checkinTexts(lang).summaryNames(summary.missingNames(lang))}` : counts;
        return { rooms: rooms.get(group.id) ?? [], text, dedupKey: key, purpose: 'checkin.summary' };
      }),
      notes: closes.flatMap(({ day: { group }, summary, key }) => {
        const { leaders, secretaries } = heads.get(group.id) ?? { leaders: [], secretaries: [] };
        return [...new Set([...leaders, ...secretaries])].map((memberId) => ({
          memberId,
          text: summary.details,
          dedupKey: `${key}:details`,
          purpose: 'checkin.summary',
        }));
      }),
    });
    await alertLongSilences(
      db,
      now,
      closes.map(({ day, summary }) => ({ ...day, expected: summary.expected })),
    );
  },
});

/**
 * Members silent for `safety.silent_days` required days in a row (that day included) alert the leaders once.
 * Histories are read once for each check-in rule and day among the groups.
 */
async function alertLongSilences(db: TickContext['db'], now: Date, days: (GroupDaySlot & { expected: RosterMember[] })[]) {
  for (const batch of groupedBy(days, (d) => `${d.group.config.days}|${d.date}`).values()) {
    const { group: first, date } = batch[0] as (typeof days)[number];
    const histories = await loadHistories(
      db,
      batch.flatMap((d) => d.expected.map((m) => m.memberId)),
      shiftDate(date, -60),
      date,
      first.config.days,
    );
    for (const { group, expected } of batch) {
      for (const m of expected) {
        const h = histories.get(m.memberId);
        const joined = localDate(m.createdAt, group.config.tz);
        const streak = h ? silentStreak(h, date, joined > shiftDate(date, -59) ? joined : shiftDate(date, -59)) : { days: 0, since: null };
        if (streak.days >= group.config.silentDays && streak.since) {
          await alertSilent(db, now, {
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
  }
}

export const CHECKIN_JOBS = [promptJob, remindJob, deadlineJob];
