import type { SQL } from 'drizzle-orm';
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rawRows } from '../../db/client';
import { leaveRequests } from '../../db/schema';
import type { LocalDate } from '../time';

/** A group on a day of its own calendar: the day is read on the group's clock. */
export type GroupDay = { groupId: number; date: LocalDate; tz: string };

export type RosterMember = { groupId: number; date: LocalDate; memberId: number; name: string; lang: string; createdAt: Date; onLeave: boolean };

/** A group's people on a day: everyone on its roster then, who of them is away on leave, and who is expected. */
export type DayRoster = { roster: RosterMember[]; away: Set<number>; expected: RosterMember[] };

/** The one rule for "on approved leave that day", as SQL over a member id and a date. */
export const onApprovedLeave = (memberId: SQL, day: SQL): SQL =>
  sql`exists (select 1 from ${leaveRequests} l where l.member_id = ${memberId} and l.status = 'approved' and l.from_date <= ${day} and l.to_date >= ${day})`;

/**
 * The roster of each group on its day, as a subquery `(group_id, day, member_id, name, lang, created_ms, on_leave)`:
 * active members and leaders of the group whose record existed by the end of that day on the group's clock.
 * Expected on day D = on this roster and not `on_leave`. Every group in one query.
 */
export function rosterSql(days: readonly GroupDay[]): SQL {
  const input = JSON.stringify(days.map((d) => ({ group_id: d.groupId, day: d.date, tz: d.tz })));
  return sql`select d.group_id, d.day::text as day, m.id as member_id, m.name, m.lang,
      (extract(epoch from m.created_at) * 1000)::float8 as created_ms,
      ${onApprovedLeave(sql`m.id`, sql`d.day`)} as on_leave
    from jsonb_to_recordset(${input}::jsonb) as d(group_id int, day date, tz text)
    join roles r on r.group_id = d.group_id and r.role in ('member', 'leader')
    join members m on m.id = r.member_id and m.active
    where m.created_at < ((d.day + 1)::timestamp at time zone d.tz)`;
}

type RosterRow = { group_id: number; day: string; member_id: number; name: string; lang: string; created_ms: number | string; on_leave: boolean };

const toMember = (r: RosterRow): RosterMember => ({
  groupId: Number(r.group_id),
  date: r.day,
  memberId: Number(r.member_id),
  name: r.name,
  lang: r.lang,
  createdAt: new Date(Number(r.created_ms)),
  onLeave: r.on_leave === true || (r.on_leave as unknown) === 't',
});

/** Rows of `rosterSql` with a condition on them (`r.`-prefixed), for callers that narrow the roster. */
export async function rosterWhere(db: Db, days: readonly GroupDay[], where: SQL = sql`true`): Promise<RosterMember[]> {
  if (days.length === 0) return [];
  const rows = await rawRows<RosterRow>(db, sql`select * from (${rosterSql(days)}) r where ${where} order by r.group_id, r.member_id`);
  return rows.map(toMember);
}

/** Where `rostersOn` files a group's day. */
export const rosterKey = (d: Pick<GroupDay, 'groupId' | 'date'>): string => `${d.groupId}|${d.date}`;

/** The rosters of many groups on their days (see `rosterKey`), in one query. */
export async function rostersOn(db: Db, days: readonly GroupDay[]): Promise<Map<string, DayRoster>> {
  const byGroup = new Map<string, DayRoster>(days.map((d) => [rosterKey(d), { roster: [], away: new Set(), expected: [] }]));
  for (const m of await rosterWhere(db, days)) {
    const day = byGroup.get(rosterKey({ groupId: m.groupId, date: m.date })) as DayRoster;
    day.roster.push(m);
    if (m.onLeave) day.away.add(m.memberId);
    else day.expected.push(m);
  }
  return byGroup;
}

export async function rosterOnDay(db: Db, day: GroupDay): Promise<DayRoster> {
  return (await rostersOn(db, [day])).get(rosterKey(day)) as DayRoster;
}

/** Of these people, those on approved leave that day (e.g. not reminded of a meeting or a study item). */
export async function onLeave(db: Db, memberIds: readonly number[], date: LocalDate): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set();
  const ids = sql.join(
    [...new Set(memberIds)].map((id) => sql`(${id}::int)`),
    sql`, `,
  );
  const rows = await rawRows<{ id: number }>(
    db,
    sql`select v.id from (values ${ids}) as v(id) where ${onApprovedLeave(sql`v.id`, sql`${date}::date`)}`,
  );
  return new Set(rows.map((r) => Number(r.id)));
}

export type LeaveSpan = typeof leaveRequests.$inferSelect;

/** Approved leave of these people overlapping [from, to], for attendance day by day (see `coversDay`). */
export async function approvedLeaveBetween(db: Db, memberIds: readonly number[], from: LocalDate, to: LocalDate): Promise<LeaveSpan[]> {
  if (memberIds.length === 0) return [];
  return db
    .select()
    .from(leaveRequests)
    .where(
      and(
        inArray(leaveRequests.memberId, [...memberIds]),
        eq(leaveRequests.status, 'approved'),
        lte(leaveRequests.fromDate, to),
        gte(leaveRequests.toDate, from),
      ),
    );
}

/** The same rule as `onApprovedLeave`, for a leave already loaded. */
export const coversDay = (leave: Pick<LeaveSpan, 'fromDate' | 'toDate'>, date: LocalDate) => leave.fromDate <= date && leave.toDate >= date;
