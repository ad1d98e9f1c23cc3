import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { studyItems, studyNoteEdits, studyNotes } from '../../db/schema';
import type { StudyKind } from '../../db/schema';
import { formatLocal } from '../time';

export type StudyItem = typeof studyItems.$inferSelect;

export type NewStudyItem = {
  branchId: number;
  groupId: number | null;
  kind?: StudyKind;
  title: string;
  body: string;
  link: string | null;
  deadline: Date | null;
  tz: string;
  meetingId?: number | null;
  createdBy: number | null;
};

export async function createItem(db: Db, item: NewStudyItem, now: Date): Promise<StudyItem> {
  const [row] = await db
    .insert(studyItems)
    .values({ ...item, kind: item.kind ?? 'study', meetingId: item.meetingId ?? null, createdAt: now })
    .returning();
  if (!row) throw new Error('study item insert returned nothing');
  return row;
}

/** An item of the caller's branch (ids are global, so another branch's item reads as missing). */
export async function getItem(db: Db, branchId: number, id: number): Promise<StudyItem | null> {
  const [row] = await db
    .select()
    .from(studyItems)
    .where(and(eq(studyItems.id, id), eq(studyItems.branchId, branchId)));
  return row ?? null;
}

export const deadlineText = (item: Pick<StudyItem, 'deadline' | 'tz'>): string | null => (item.deadline ? formatLocal(item.deadline, item.tz) : null);

/** A note's length as people count it: characters, not bytes or UTF-16 units, white space left out. */
export const noteLength = (note: string): number => [...note.replace(/[\s\u3000]/g, '')].length;

/** One note per member, item and passage: sending again updates it and keeps the earlier wording. */
export async function recordNote(
  db: Db,
  input: { itemId: number; memberId: number; passageNo: number; note: string; late: boolean },
  now: Date,
): Promise<{ updated: boolean }> {
  const [created] = await db
    .insert(studyNotes)
    .values({ ...input, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning({ id: studyNotes.id });
  if (created) return { updated: false };
  const [existing] = await db
    .select()
    .from(studyNotes)
    .where(and(eq(studyNotes.itemId, input.itemId), eq(studyNotes.memberId, input.memberId), eq(studyNotes.passageNo, input.passageNo)))
    .for('update');
  if (!existing) throw new Error('study note vanished during update');
  await db.insert(studyNoteEdits).values({ noteId: existing.id, previous: existing.note, editedAt: now });
  // A late rewrite of an on-time note stays on time: the note was in before the deadline.
  await db
    .update(studyNotes)
    .set({ note: input.note, late: existing.late && input.late, updatedAt: now })
    .where(eq(studyNotes.id, existing.id));
  return { updated: true };
}
