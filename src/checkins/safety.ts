import type { Db } from '../../db/client';
import { notifyMember } from '../outbox/enqueue';
import { leadersAndSecretaries } from '../org/org.service';
import { checkinTexts } from './checkins.text';

/** Leaders of the member's group and the secretaries, minus the member themself. */
async function guardians(db: Db, memberId: number, groupId: number, branchId: number): Promise<number[]> {
  const { leaders, secretaries } = await leadersAndSecretaries(db, groupId, branchId);
  return [...new Set([...leaders, ...secretaries])].filter((id) => id !== memberId);
}

/** An unsafe report reaches the leaders at once, privately; once per member-day however often it is edited. */
export async function alertUnsafe(
  db: Db,
  now: Date,
  p: { memberId: number; name: string; groupId: number; branchId: number; date: string; text: string; by: string | null },
) {
  for (const to of await guardians(db, p.memberId, p.groupId, p.branchId)) {
    await notifyMember(db, now, to, (lang) => checkinTexts(lang).unsafeAlert(p), `safety:unsafe:${p.memberId}:${p.date}`, 'safety.unsafe');
  }
}

/** A silence of N required days is reported once, keyed by the day it began. */
export async function alertSilent(
  db: Db,
  now: Date,
  p: { memberId: number; name: string; groupId: number; branchId: number; days: number; since: string },
) {
  for (const to of await guardians(db, p.memberId, p.groupId, p.branchId)) {
    await notifyMember(db, now, to, (lang) => checkinTexts(lang).silentAlert(p), `safety:silent:${p.memberId}:${p.since}`, 'safety.silent');
  }
}
