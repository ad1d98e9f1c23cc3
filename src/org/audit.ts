import { and, desc, eq, gte, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { auditLog, chats, groups, members } from '../../db/schema';

/**
 * The one audit trail: every admin and leader action, in chat or from the CLI, is written here with who did it,
 * what, to whom, when and from which chat. Written in the command's own transaction, so a refused or failed
 * command leaves no entry.
 */

/** Every kind of entry; `/audit` names each in the reader's language (audit.text.ts). */
export const AUDIT_ACTIONS = [
  'join',
  'invite',
  'bind',
  'classroom.main',
  'group.add',
  'member.add',
  'member.set',
  'member.remove',
  'settings',
  'checkin.proxy',
  'leave.approve',
  'leave.reject',
  'meeting.new',
  'meeting.cancel',
  'meeting.minutes',
  'study.post',
  'care.view',
  'care.take',
  'care.assign',
  'care.done',
  'care.cancel',
  'family.view',
  'family.view-all',
  'duty.on',
  'duty.off',
  'export',
  'audit.view',
  'calendar.add',
  'calendar.remove',
  'calendar.import',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acts: a member in a chat (a command's context fits as it is), or the operator's CLI (actor null). */
export type AuditSource = {
  db: Db;
  now: Date;
  actor: { memberId: number; branchId: number } | null;
  chat?: { id: number } | null;
};

export type AuditEvent = {
  action: AuditAction;
  /** The person acted on, when there is one. */
  subjectMemberId?: number | null;
  groupId?: number | null;
  /** Needed when there is no actor (the CLI); otherwise the actor's branch. */
  branchId?: number;
  /** What else identifies the action (a setting and its value, a ticket id, an export's kind); never free text. */
  detail?: Record<string, unknown>;
};

/** Default retention (YEMAI_AUDIT_RETENTION_DAYS overrides it). */
export const AUDIT_RETENTION_DAYS = 365;

export async function recordAudit(source: AuditSource, event: AuditEvent): Promise<void> {
  // The CLI acts as the branch's secretary under member id 0 (operatorActor): no member did it.
  const actorMemberId = source.actor && source.actor.memberId > 0 ? source.actor.memberId : null;
  await source.db.insert(auditLog).values({
    at: source.now,
    branchId: event.branchId ?? source.actor?.branchId ?? null,
    actorMemberId,
    action: event.action,
    subjectMemberId: event.subjectMemberId ?? null,
    groupId: event.groupId ?? null,
    chatId: source.chat?.id ?? null,
    detail: event.detail ?? {},
  });
}

export type AuditRow = {
  at: Date;
  action: string;
  actor: string | null;
  subject: string | null;
  group: string | null;
  chat: { platform: string; title: string | null; kind: string } | null;
  detail: Record<string, unknown>;
};

/** A branch's entries since `since`, newest first, with names instead of ids. */
export async function auditEntries(db: Db, branchId: number, since: Date, limit: number): Promise<{ rows: AuditRow[]; more: boolean }> {
  const actor = alias(members, 'actor');
  const subject = alias(members, 'subject');
  const found = await db
    .select({
      at: auditLog.at,
      action: auditLog.action,
      actor: actor.name,
      subject: subject.name,
      group: groups.name,
      chatPlatform: chats.platform,
      chatTitle: chats.title,
      chatKind: chats.kind,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorMemberId))
    .leftJoin(subject, eq(subject.id, auditLog.subjectMemberId))
    .leftJoin(groups, eq(groups.id, auditLog.groupId))
    .leftJoin(chats, eq(chats.id, auditLog.chatId))
    .where(and(eq(auditLog.branchId, branchId), gte(auditLog.at, since)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1);
  const rows = found.slice(0, limit).map((r) => ({
    at: r.at,
    action: r.action,
    actor: r.actor,
    subject: r.subject,
    group: r.group,
    chat: r.chatPlatform ? { platform: r.chatPlatform, title: r.chatTitle, kind: r.chatKind ?? 'group' } : null,
    detail: r.detail,
  }));
  return { rows, more: found.length > limit };
}

/** Drops entries older than the retention; returns how many went. */
export async function pruneAudit(db: Db, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const gone = await db.delete(auditLog).where(lt(auditLog.at, cutoff)).returning({ id: auditLog.id });
  return gone.length;
}
