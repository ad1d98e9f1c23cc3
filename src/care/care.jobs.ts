import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { members, roles } from '../../db/schema';
import type { ScheduledJob, Slot, TickContext } from '../jobs/job';
import { defineJob, eachSlot } from '../jobs/job';
import { perTick } from '../jobs/per-tick';
import type { Lang } from '../i18n';
import type { BranchQuarter } from '../orglife/orglife.jobs';
import { branchQuarterSlots } from '../orglife/orglife.jobs';
import { leadersAndSecretaries } from '../org/org.service';
import { notifyMembers } from '../audience/audience';
import { localDate } from '../time';
import { alertUrgent, escalateUrgent } from './alerts';
import { careTexts } from './care.text';
import { getTicket, untakenUrgent } from './tickets.service';
import { unvisitedFamilies } from './unvisited';

const MINUTE = 60_000;
export const REALERT_EVERY = 15 * MINUTE;
export const ESCALATE_AFTER = 60 * MINUTE;
/** How long an untaken urgent ticket keeps being re-alerted. */
const ALERT_WINDOW = 24 * 60 * MINUTE;

/** Untaken urgent tickets of the last day: the re-alert and the escalation read them once per tick. */
const untakenNow = perTick((db: Db, now: Date) => untakenUrgent(db, new Date(now.getTime() - ALERT_WINDOW)));

/** The ticket a slot is about, if it still waits for someone: a take, an assignment or a cancel stops the chain. */
async function stillUntaken(db: Db, id: number) {
  const ticket = await getTicket(db, id);
  return ticket && ticket.status === 'open' ? ticket : null;
}

/**
 * Every 15 minutes an untaken urgent ticket goes out again; the slot (ticket, round) is claimed once, so two
 * instances send one re-alert, and a restart inside the 15 minutes still sends the round it missed.
 */
/** A ticket's slot key: the UTC day it was raised and what the slot is. */
const ticketKey = (t: { id: number; createdAt: Date }, name: string) => `${localDate(t.createdAt, 'UTC')}:t${t.id}:${name}`;

export const careRealertJob: ScheduledJob = defineJob<{ ticketId: number; round: number }>({
  name: 'care.realert',
  due: async ({ db, now }) => {
    const out: Slot<{ ticketId: number; round: number }>[] = [];
    for (const t of await untakenNow(db, now)) {
      const round = Math.floor((now.getTime() - t.createdAt.getTime()) / REALERT_EVERY);
      if (round < 1) continue;
      const dueAt = new Date(t.createdAt.getTime() + round * REALERT_EVERY);
      out.push({ key: ticketKey(t, `r${round}`), dueAt, graceMs: REALERT_EVERY - 1, payload: { ticketId: t.id, round } });
    }
    return out;
  },
  run: eachSlot(async (ctx, { payload }) => {
    const ticket = await stillUntaken(ctx.db, payload.ticketId);
    if (ticket) await alertUrgent(ctx.db, ctx.now, ticket, payload.round);
  }),
});

/** An hour untaken: the member's group leader and the secretary are told, once. */
export const careEscalateJob: ScheduledJob = defineJob<{ ticketId: number }>({
  name: 'care.escalate',
  due: async ({ db, now }) =>
    (await untakenNow(db, now))
      .filter((t) => now.getTime() - t.createdAt.getTime() >= ESCALATE_AFTER)
      .map((t) => ({
        key: ticketKey(t, 'esc'),
        dueAt: new Date(t.createdAt.getTime() + ESCALATE_AFTER),
        graceMs: ALERT_WINDOW,
        payload: { ticketId: t.id },
      })),
  run: eachSlot(async (ctx, { payload }) => {
    const ticket = await stillUntaken(ctx.db, payload.ticketId);
    if (ticket) await escalateUrgent(ctx.db, ctx.now, ticket);
  }),
});

/** On the first day of a quarter's last month, 09:00: a month left to visit the families not yet seen. */
export const UNVISITED_AT = '09:00';
const GRACE = 3 * 24 * 60 * MINUTE;

function lastMonthStart(q: { year: number; quarter: number }): string {
  return `${q.year}-${String(q.quarter * 3).padStart(2, '0')}-01`;
}

/**
 * One slot per branch and quarter; the secretary gets the families with no visit logged this quarter, once.
 * Only a branch with volunteers has a care desk to remind.
 */
export const careUnvisitedJob: ScheduledJob = defineJob<BranchQuarter>({
  name: 'care.unvisited',
  due: async (ctx: TickContext) => {
    const withDesk = await branchesWithVolunteers(ctx.db);
    const slots = await branchQuarterSlots(ctx, (q) => ({ date: lastMonthStart(q), time: UNVISITED_AT }), GRACE);
    return slots.filter((s) => withDesk.has(s.payload.branchId));
  },
  run: eachSlot(async (ctx, { payload: { branchId, quarter: q, tz } }) => {
    const families = await unvisitedFamilies(ctx.db, branchId, q, tz);
    if (families.length === 0) return;
    const text = (lang: Lang) => {
      const t = careTexts(lang);
      return t.unvisited(q.year, q.quarter, families.map((f) => `· ${f.name}${f.registered ? '' : t.unregistered()}`).join('\n'));
    };
    const { secretaries } = await leadersAndSecretaries(ctx.db, 0, branchId);
    await notifyMembers(ctx.db, ctx.now, secretaries, {
      text,
      dedupKey: `care.unvisited:b${branchId}:${q.year}Q${q.quarter}`,
      purpose: 'care.unvisited',
    });
  }),
});

async function branchesWithVolunteers(db: Db): Promise<Set<number>> {
  const rows = await db
    .selectDistinct({ branchId: members.branchId })
    .from(roles)
    .innerJoin(members, eq(members.id, roles.memberId))
    .where(and(eq(roles.role, 'volunteer'), eq(members.active, true)));
  return new Set(rows.map((r) => r.branchId));
}

export const CARE_JOBS: ScheduledJob[] = [careRealertJob, careEscalateJob, careUnvisitedJob];
