import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { meetings, members, roles, studyItems, studyNotes } from '../../db/schema';
import type { GroupInScope } from '../org/authz.group';
import { memberReports } from '../checkins/checkins.service';
import { leavesInMonth } from '../leave/leave.service';
import { leaveTexts } from '../leave/leave.text';
import { makeupItemOf } from '../meetings/close';
import { typeName } from '../meetings/meeting-types';
import { attendanceOfMember, expectedMembers, whenText } from '../meetings/meetings.service';
import { audienceMembers } from '../study/audience';
import { datesBetween, formatLocal, monthRange } from '../time';
import type { LocalDate } from '../time';
import { branchGroups, branchName } from './branch-groups';
import { groupsDayMarks, tallyMarks } from './day-marks';
import type { DayTally, MemberDays } from './day-marks';
import type { DayMark } from './marks';
import { monthWindow } from '../feature/month-window';
import { recordCare } from './record-care';

export type RecordDay = { date: LocalDate; mark: DayMark; place: string | null; status: string | null; note: string | null };
export type RecordStudy = { title: string; kind: 'study' | 'makeup'; notedAt: string | null; note: string | null };
export type RecordMeeting = {
  when: string;
  type: string;
  topic: string;
  attendance: 'present' | 'excused' | 'absent' | 'open';
  makeup: boolean | null;
};
export type RecordLeave = { from: LocalDate; to: LocalDate; reason: string; status: string };

/** One member's month as the 原料在外党员工作记录 keeps it. */
export type WorkRecord = {
  memberId: number;
  name: string;
  group: string;
  partyStatus: string;
  station: string | null;
  month: string;
  days: RecordDay[];
  totals: DayTally;
  study: RecordStudy[];
  meetings: RecordMeeting[];
  leave: RecordLeave[];
  /** Care given to the family at home: counts, or one line per ticket and visit when details were asked for. */
  care: string[];
};

export type RecordPerson = { memberId: number; name: string; partyStatus: string; station: string | null };

/** Where the member was each day: the day mark (from the group's marks, read once for all its people) with what they reported. */
async function recordDays(db: Db, groupMarks: readonly MemberDays[], person: RecordPerson, month: string) {
  const { from, to } = monthRange(month);
  const marks = groupMarks.find((m) => m.memberId === person.memberId);
  const reports = new Map((await memberReports(db, person.memberId, from, to)).map((r) => [r.localDate, r]));
  const days = datesOf(month).map((date, i): RecordDay => {
    const r = reports.get(date);
    return { date, mark: marks?.marks[i] ?? 'none', place: r?.place ?? null, status: r?.status ?? null, note: r?.note ?? null };
  });
  return { days, totals: tallyMarks(marks ? [marks] : []) };
}

const datesOf = (month: string): LocalDate[] => {
  const { from, to } = monthRange(month);
  return datesBetween(from, to);
};

/** Study items of the month meant for the member, with their latest note. */
async function recordStudy(db: Db, branchId: number, memberId: number, month: string, tz: string): Promise<RecordStudy[]> {
  const window = monthWindow({ ...monthRange(month), tz });
  const items = await db
    .select()
    .from(studyItems)
    .where(and(eq(studyItems.branchId, branchId), gte(studyItems.createdAt, window.start), lt(studyItems.createdAt, window.end)))
    .orderBy(asc(studyItems.createdAt));
  const out: RecordStudy[] = [];
  for (const item of items.filter((i) => window.contains(i.createdAt, i.tz))) {
    if ((await audienceMembers(db, item, { memberId })).length === 0) continue;
    const [note] = await db
      .select()
      .from(studyNotes)
      .where(and(eq(studyNotes.itemId, item.id), eq(studyNotes.memberId, memberId)))
      .orderBy(desc(studyNotes.updatedAt))
      .limit(1);
    out.push({ title: item.title, kind: item.kind, notedAt: note ? formatLocal(note.updatedAt, item.tz) : null, note: note?.note ?? null });
  }
  return out;
}

/** Meetings of the month the member was expected at or signed in to, and whether they made up a missed one. */
async function recordMeetings(db: Db, branchId: number, memberId: number, month: string, tz: string): Promise<RecordMeeting[]> {
  const window = monthWindow({ ...monthRange(month), tz });
  const rows = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.branchId, branchId), gte(meetings.startsAt, window.start), lt(meetings.startsAt, window.end)))
    .orderBy(asc(meetings.startsAt));
  const out: RecordMeeting[] = [];
  for (const m of rows.filter((r) => window.contains(r.startsAt, r.tz) && !r.cancelledAt)) {
    const row = await attendanceOfMember(db, m.id, memberId);
    if (!row && (await expectedMembers(db, m, memberId)).length === 0) continue;
    const makeup = row && row.status !== 'present' ? await makeupItemOf(db, m.id) : null;
    const madeUp = makeup
      ? (
          await db
            .select({ id: studyNotes.id })
            .from(studyNotes)
            .where(and(eq(studyNotes.itemId, makeup.id), eq(studyNotes.memberId, memberId)))
        ).length > 0
      : null;
    out.push({
      when: whenText(m),
      type: typeName('zh', m.type),
      topic: m.topic,
      attendance: row?.status ?? (m.closedAt ? 'absent' : 'open'),
      makeup: madeUp,
    });
  }
  return out;
}

export async function workRecord(
  db: Db,
  q: { branchId: number; group: GroupInScope; groupMarks: readonly MemberDays[]; person: RecordPerson; month: string; details?: boolean },
): Promise<WorkRecord> {
  const { group, person, month } = q;
  const tz = group.config.tz;
  const { days, totals } = await recordDays(db, q.groupMarks, person, month);
  const leaveStatus = leaveTexts('zh').status;
  const leave = (await leavesInMonth(db, month, { memberId: person.memberId, branchId: q.branchId }))
    .map(({ leave: l }) => ({ from: l.fromDate, to: l.toDate, reason: l.reason, status: leaveStatus(l.status) }))
    .reverse();
  const care = await recordCare(db, person.memberId, { ...monthRange(month), tz }, q.details ?? false);
  return {
    ...person,
    group: group.name,
    month,
    days,
    totals,
    study: await recordStudy(db, q.branchId, person.memberId, month, tz),
    meetings: await recordMeetings(db, q.branchId, person.memberId, month, tz),
    leave,
    care,
  };
}

type BranchRecords = { branch: string; records: WorkRecord[] };
const recordsOfExport = new WeakMap<object, Promise<BranchRecords>>();

/**
 * The records of one export, read once: `/export record` sends them as a workbook and as a PDF, and each reads
 * every member's month (a query or more per member, study item and meeting).
 */
export function exportWorkRecords(db: Db, q: { request: object; branchId: number; month: string; now: Date; member?: string; details?: boolean }) {
  let records = recordsOfExport.get(q.request);
  if (!records) {
    records = branchWorkRecords(db, q);
    recordsOfExport.set(q.request, records);
  }
  return records;
}

/** Every member's record for the month (or the one named), group by group; the branch's name for the heading. */
async function branchWorkRecords(
  db: Db,
  q: { branchId: number; month: string; now: Date; member?: string; details?: boolean },
): Promise<BranchRecords> {
  const records: WorkRecord[] = [];
  const groups = await branchGroups(db, q.branchId);
  const marks = await groupsDayMarks(db, groups, datesOf(q.month), q.now);
  for (const group of groups) {
    const people = await db
      .select({ memberId: members.id, name: members.name, partyStatus: members.partyStatus, station: members.station })
      .from(roles)
      .innerJoin(members, eq(members.id, roles.memberId))
      .where(
        and(
          eq(roles.groupId, group.id),
          inArray(roles.role, ['member', 'leader']),
          eq(members.active, true),
          q.member ? eq(members.name, q.member) : undefined,
        ),
      )
      .orderBy(asc(members.id));
    for (const person of people) records.push(await workRecord(db, { ...q, group, groupMarks: marks.get(group.id) ?? [], person }));
  }
  return { branch: await branchName(db, q.branchId), records };
}
