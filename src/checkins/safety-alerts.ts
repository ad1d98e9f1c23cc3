import type { Db } from '../../db/client';
import { notifyMembers } from '../audience/audience';
import { leadersAndSecretaries } from '../org/org.service';
import { checkinTexts } from './checkins.text';

/** Leaders of the member's group and the secretaries, minus the member themself. */
async function guardians(db: Db, memberId: number, groupId: number, branchId: number): Promise<number[]> {
  const { leaders, secretaries } = await leadersAndSecretaries(db, groupId, branchId);
  return [...new Set([...leaders, ...secretaries])].filter((id) => id !== memberId);
}

export type UrgentReport = {
  memberId: number;
  name: string;
  groupId: number;
  branchId: number;
  date: string;
  text: string;
  by: string | null;
  /** The urgent words this alert is about; the same words again that day are not alerted twice. */
  terms: string[];
  /** The member answered "1" to "需要组织帮助吗？". */
  askedForHelp?: boolean;
};

/** An urgent report reaches the leaders and the secretaries at once, privately. */
export async function alertUrgent(db: Db, now: Date, p: UrgentReport) {
  const key = `safety:urgent:${p.memberId}:${p.date}:${[...p.terms].sort().join(',')}`;
  const text = (lang: 'zh' | 'en') => (p.askedForHelp ? checkinTexts(lang).helpAlert(p) : checkinTexts(lang).unsafeAlert(p));
  await notifyMembers(db, now, await guardians(db, p.memberId, p.groupId, p.branchId), { text, dedupKey: key, purpose: 'safety.unsafe' });
}

/** A silence of N required days is reported once, keyed by the day it began. */
export async function alertSilent(
  db: Db,
  now: Date,
  p: { memberId: number; name: string; groupId: number; branchId: number; days: number; since: string },
) {
  await notifyMembers(db, now, await guardians(db, p.memberId, p.groupId, p.branchId), {
    text: (lang) => checkinTexts(lang).silentAlert(p),
    dedupKey: `safety:silent:${p.memberId}:${p.since}`,
    purpose: 'safety.silent',
    // Read back by /report, which lists the period's silences beside its reports.
    purposeRef: { memberId: p.memberId, groupId: p.groupId, since: p.since, days: p.days },
  });
}
