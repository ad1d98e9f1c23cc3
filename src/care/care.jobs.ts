import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { members, roles } from '../../db/schema';
import type { DueSlot, ScheduledJob } from '../jobs/job';
import { perTick } from '../jobs/per-tick';
import type { Lang } from '../i18n';
import { currentQuarter } from '../orglife/quarter';
import { leadersAndSecretaries } from '../org/org.service';
import { branchZone } from '../org/branch-zone';
import { notifyMembers } from '../audience/audience';
import { localDate, zonedInstant } from '../time';
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
async function stillUntaken(db: Db, slot: DueSlot) {
  const id = Number(/^t(\d+):/.exec(slot.slot)?.[1]);
  const ticket = await getTicket(db, id);
  return ticket && ticket.status === 'open' ? ticket : null;
}

/**
 * Every 15 minutes an untaken urgent ticket goes out again; the slot (ticket, round) is claimed once, so two
 * instances send one re-alert, and a restart inside the 15 minutes still sends the round it missed.
 */
export const careRealertJob: ScheduledJob = {
  name: 'care.realert',
  due: async (db, now) => {
    const out: DueSlot[] = [];
    for (const t of await untakenNow(db, now)) {
      const round = Math.floor((now.getTime() - t.createdAt.getTime()) / REALERT_EVERY);
      if (round < 1) continue;
      const dueAt = new Date(t.createdAt.getTime() + round * REALERT_EVERY);
      out.push({
        job: 'care.realert',
        groupId: 0,
        localDate: localDate(t.createdAt, 'UTC'),
        slot: `t${t.id}:r${round}`,
        dueAt,
        graceMs: REALERT_EVERY - 1,
      });
    }
    return out;
  },
  run: async (ctx) => {
    const ticket = await stillUntaken(ctx.db, ctx.slot);
    const round = Number(/:r(\d+)$/.exec(ctx.slot.slot)?.[1]);
    if (ticket) await alertUrgent(ctx.db, ctx.now, ticket, round);
  },
};

/** An hour untaken: the member's group leader and the secretary are told, once. */
export const careEscalateJob: ScheduledJob = {
  name: 'care.escalate',
  due: async (db, now) =>
    (await untakenNow(db, now))
      .filter((t) => now.getTime() - t.createdAt.getTime() >= ESCALATE_AFTER)
      .map((t) => ({
        job: 'care.escalate',
        groupId: 0,
        localDate: localDate(t.createdAt, 'UTC'),
        slot: `t${t.id}:esc`,
        dueAt: new Date(t.createdAt.getTime() + ESCALATE_AFTER),
        graceMs: ALERT_WINDOW,
      })),
  run: async (ctx) => {
    const ticket = await stillUntaken(ctx.db, ctx.slot);
    if (ticket) await escalateUrgent(ctx.db, ctx.now, ticket);
  },
};

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
export const careUnvisitedJob: ScheduledJob = {
  name: 'care.unvisited',
  due: async (db, now, all) => {
    const out: DueSlot[] = [];
    const withDesk = await branchesWithVolunteers(db);
    const seen = new Set<number>();
    for (const g of all) {
      if (seen.has(g.branchId) || !withDesk.has(g.branchId)) continue;
      seen.add(g.branchId);
      const q = currentQuarter(now, g.config.tz);
      const date = lastMonthStart(q);
      const slot = `b${g.branchId}:${q.year}Q${q.quarter}`;
      out.push({ job: 'care.unvisited', groupId: 0, localDate: date, slot, dueAt: zonedInstant(date, UNVISITED_AT, g.config.tz), graceMs: GRACE });
    }
    return out;
  },
  run: async (ctx) => {
    const m = /^b(\d+):(\d{4})Q([1-4])$/.exec(ctx.slot.slot);
    if (!m) return;
    const branchId = Number(m[1]);
    const q = { year: Number(m[2]), quarter: Number(m[3]) };
    const tz = await branchZone(ctx.db, branchId);
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
  },
};

async function branchesWithVolunteers(db: Db): Promise<Set<number>> {
  const rows = await db
    .selectDistinct({ branchId: members.branchId })
    .from(roles)
    .innerJoin(members, eq(members.id, roles.memberId))
    .where(and(eq(roles.role, 'volunteer'), eq(members.active, true)));
  return new Set(rows.map((r) => r.branchId));
}

export const CARE_JOBS: ScheduledJob[] = [careRealertJob, careEscalateJob, careUnvisitedJob];
