import { and, count, desc, eq, gt, isNull, max } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { studyNotes, studyRelayPosts } from '../../db/schema';
import type { AudienceMember, AudienceScope } from './audience';
import { audienceMembers, audienceQuery } from './audience';

export type GroupCount = { groupId: number | null; total: number; done: number };
export type NoteLine = { memberId: number; name: string; note: string; updatedAt: Date; late: boolean };
/** Relay progress: passages posted to the member's group and how many of them the member noted. */
export type Progress = AudienceMember & { posted: number; noted: number };

const isRelay = (item: { relayCron: string | null }) => item.relayCron !== null;
type Item = AudienceScope & { relayCron: string | null };

/** Studied / total per group, counted in the database (a branch-wide item may have 100,000 people). */
export async function studyCounts(db: Db, item: Item, groupIds?: number[]): Promise<GroupCount[]> {
  if (isRelay(item)) {
    const rows = await relayProgress(db, item, groupIds);
    const by = new Map<number | null, GroupCount>();
    for (const r of rows) {
      const g = by.get(r.groupId) ?? { groupId: r.groupId, total: 0, done: 0 };
      g.total++;
      if (r.posted > 0 && r.noted >= r.posted) g.done++;
      by.set(r.groupId, g);
    }
    return [...by.values()];
  }
  const aud = audienceQuery(db, item, groupIds);
  return db
    .select({ groupId: aud.groupId, total: count(), done: count(studyNotes.id) })
    .from(aud)
    .leftJoin(studyNotes, and(eq(studyNotes.itemId, item.id), eq(studyNotes.memberId, aud.memberId), eq(studyNotes.passageNo, 0)))
    .groupBy(aud.groupId)
    .orderBy(aud.groupId);
}

/** The latest notes (one per person: their newest passage for a relay), newest first. */
export async function recentNotes(db: Db, item: Item, limit: number, groupIds?: number[]): Promise<NoteLine[]> {
  const aud = audienceQuery(db, item, groupIds);
  const rows = await db
    .select({ memberId: aud.memberId, name: aud.name, note: studyNotes.note, updatedAt: studyNotes.updatedAt, late: studyNotes.late })
    .from(aud)
    .innerJoin(studyNotes, and(eq(studyNotes.itemId, item.id), eq(studyNotes.memberId, aud.memberId)))
    .orderBy(desc(studyNotes.updatedAt), desc(studyNotes.passageNo))
    .limit(isRelay(item) ? limit * 8 : limit);
  const seen = new Set<number>();
  return rows.filter((r) => !seen.has(r.memberId) && seen.add(r.memberId)).slice(0, limit);
}

/** Who still owes a note: no note at all, or (relay) fewer notes than passages posted to their group. */
export async function missingMembers(db: Db, item: Item, opts: { limit?: number; groupIds?: number[] } = {}): Promise<AudienceMember[]> {
  if (isRelay(item)) {
    const rows = (await relayProgress(db, item, opts.groupIds)).filter((r) => r.posted > 0 && r.noted < r.posted);
    return opts.limit === undefined ? rows : rows.slice(0, opts.limit);
  }
  const aud = audienceQuery(db, item, opts.groupIds);
  const query = db
    .select({ memberId: aud.memberId, name: aud.name, lang: aud.lang, groupId: aud.groupId })
    .from(aud)
    .leftJoin(studyNotes, and(eq(studyNotes.itemId, item.id), eq(studyNotes.memberId, aud.memberId), eq(studyNotes.passageNo, 0)))
    .where(isNull(studyNotes.id))
    .orderBy(aud.groupId, aud.memberId);
  return opts.limit === undefined ? query : query.limit(opts.limit);
}

/** Per member of a relay item: passages their group has had, passages they noted. */
export async function relayProgress(db: Db, item: Item, groupIds?: number[], memberId?: number): Promise<Progress[]> {
  const people = await audienceMembers(db, item, { groupIds, memberId });
  const posted = await db
    .select({ groupId: studyRelayPosts.groupId, n: max(studyRelayPosts.passageNo) })
    .from(studyRelayPosts)
    .where(eq(studyRelayPosts.itemId, item.id))
    .groupBy(studyRelayPosts.groupId);
  const noted = await db
    .select({ memberId: studyNotes.memberId, n: count() })
    .from(studyNotes)
    .where(and(eq(studyNotes.itemId, item.id), gt(studyNotes.passageNo, 0), memberId === undefined ? undefined : eq(studyNotes.memberId, memberId)))
    .groupBy(studyNotes.memberId);
  const postedBy = new Map(posted.map((p) => [p.groupId, p.n ?? 0]));
  const notedBy = new Map(noted.map((n) => [n.memberId, n.n]));
  return people.map((p) => ({ ...p, posted: p.groupId === null ? 0 : (postedBy.get(p.groupId) ?? 0), noted: notedBy.get(p.memberId) ?? 0 }));
}
