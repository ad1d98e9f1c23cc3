import { randomInt } from 'node:crypto';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { accounts, branches, chats, groups, invites, members, roles } from '../../db/schema';
import { lookAlikeKey } from '../commands/hygiene';
import { groupedBy } from '../grouped-by';
import type { Role } from '../commands/types';

/** 32 symbols without look-alikes (no 0/O, 1/I): ten of them are 50 bits, out of reach of guessing. */
const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const INVITE_LENGTH = 10;
export const INVITE_DAYS = 7;

export type NewMember = {
  branchId: number;
  name: string;
  groupId?: number | null;
  role?: Role;
  station?: string | null;
  partyStatus?: string;
  lang?: string;
};

export class OrgConflict extends Error {
  constructor(
    readonly kind: 'branch-exists' | 'group-exists' | 'member-exists' | 'no-branch',
    readonly subject: string,
    /** The name already there that this one looks the same as (张 云 for 张云), when it is not the very same. */
    readonly lookAlike?: string,
  ) {
    super(`${kind}: ${subject}`);
  }
}

/** The first of `existing` a reader could not tell from `name`, if any. */
const lookAlikeOf = (name: string, existing: { name: string }[]): string | undefined =>
  existing.find((e) => lookAlikeKey(e.name) === lookAlikeKey(name))?.name;

export async function findBranch(db: Db, name?: string) {
  const rows = await db
    .select()
    .from(branches)
    .where(name ? eq(branches.name, name) : undefined)
    .orderBy(asc(branches.id))
    .limit(1);
  return rows[0] ?? null;
}

export async function createBranch(db: Db, name: string) {
  const [row] = await db.insert(branches).values({ name }).onConflictDoNothing().returning();
  if (!row) throw new OrgConflict('branch-exists', name);
  return row;
}

export async function createGroup(db: Db, branchId: number, name: string) {
  const twin = lookAlikeOf(name, await db.select({ name: groups.name }).from(groups).where(eq(groups.branchId, branchId)));
  if (twin !== undefined && twin !== name) throw new OrgConflict('group-exists', name, twin);
  const [row] = await db.insert(groups).values({ branchId, name }).onConflictDoNothing().returning();
  if (!row) throw new OrgConflict('group-exists', name);
  return row;
}

export async function findGroup(db: Db, branchId: number, name: string) {
  const [row] = await db
    .select()
    .from(groups)
    .where(and(eq(groups.branchId, branchId), eq(groups.name, name)));
  return row ?? null;
}

export async function getGroup(db: Db, groupId: number) {
  const [row] = await db.select().from(groups).where(eq(groups.id, groupId));
  return row ?? null;
}

export async function findMember(db: Db, branchId: number, name: string) {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.branchId, branchId), eq(members.name, name), eq(members.active, true)));
  return row ?? null;
}

/** Creates the person, their role and a first invite code, all or nothing (the caller's transaction). */
export async function createMember(db: Db, input: NewMember, now: Date) {
  const people = await db
    .select({ name: members.name })
    .from(members)
    .where(and(eq(members.branchId, input.branchId), eq(members.active, true)));
  const twin = lookAlikeOf(input.name, people);
  if (twin !== undefined && twin !== input.name) throw new OrgConflict('member-exists', input.name, twin);
  const [member] = await db
    .insert(members)
    .values({
      branchId: input.branchId,
      name: input.name,
      station: input.station ?? null,
      partyStatus: input.partyStatus ?? '党员',
      lang: input.lang ?? 'zh',
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!member) throw new OrgConflict('member-exists', input.name);
  await grantRole(db, member.id, input.role ?? 'member', input.groupId ?? null);
  const inviteCode = await createInvite(db, member.id, now);
  return { member, inviteCode };
}

export async function grantRole(db: Db, memberId: number, role: Role, groupId: number | null) {
  const scoped = role === 'member' || role === 'leader';
  await db
    .insert(roles)
    .values({ memberId, role, groupId: scoped ? (groupId ?? 0) : 0 })
    .onConflictDoNothing();
}

/** A person belongs to one group: moving them drops the old group membership. */
export async function setHomeGroup(db: Db, memberId: number, groupId: number, role: 'member' | 'leader') {
  await db.delete(roles).where(and(eq(roles.memberId, memberId), inArray(roles.role, ['member', 'leader'])));
  await grantRole(db, memberId, role, groupId);
}

/** Unused codes of a person stop working: a new code replaces them, and a removed person's codes die with them. */
export async function revokeInvites(db: Db, memberId: number, now: Date) {
  await db
    .update(invites)
    .set({ revokedAt: now })
    .where(and(eq(invites.memberId, memberId), isNull(invites.usedAt), isNull(invites.revokedAt)));
}

/** A fresh one-time code; the person's older unused codes are revoked. */
export async function createInvite(db: Db, memberId: number, now: Date): Promise<string> {
  await revokeInvites(db, memberId, now);
  for (;;) {
    const code = Array.from({ length: INVITE_LENGTH }, () => INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)]).join('');
    const [row] = await db
      .insert(invites)
      .values({ code, memberId, createdAt: now, expiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000) })
      .onConflictDoNothing()
      .returning({ code: invites.code });
    if (row) return row.code;
  }
}

export type RedeemResult =
  | { ok: true; memberId: number; alreadyBound: boolean }
  | { ok: false; reason: 'unknown' | 'used' | 'superseded' | 'expired' | 'bound-elsewhere' };

/** One-time: the code is spent by the account that uses it; a person keeps one record across platforms. */
export async function redeemInvite(
  db: Db,
  code: string,
  account: { platform: string; externalId: string; displayName: string },
  now: Date,
): Promise<RedeemResult> {
  const [invite] = await db.select().from(invites).where(eq(invites.code, code.toUpperCase())).for('update');
  if (!invite) return { ok: false, reason: 'unknown' };
  if (invite.usedAt) return { ok: false, reason: 'used' };
  if (invite.revokedAt) return { ok: false, reason: 'superseded' };
  if (invite.expiresAt <= now) return { ok: false, reason: 'expired' };
  const [existing] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.platform, account.platform), eq(accounts.externalId, account.externalId)));
  if (existing && existing.memberId !== invite.memberId) return { ok: false, reason: 'bound-elsewhere' };
  await db
    .update(invites)
    .set({ usedAt: now, usedBy: `${account.platform}:${account.externalId}` })
    .where(eq(invites.code, invite.code));
  if (!existing) {
    await db.insert(accounts).values({ ...account, memberId: invite.memberId, lastSeenAt: now });
  }
  return { ok: true, memberId: invite.memberId, alreadyBound: Boolean(existing) };
}

export async function bindChat(db: Db, chatId: number, groupId: number, now: Date) {
  await db.update(chats).set({ groupId, boundAt: now, active: true }).where(eq(chats.id, chatId));
}

/** Group id → name across the branch, for labelling rows that carry only a group id. */
export async function groupNames(db: Db, branchId: number): Promise<Map<number, string>> {
  const rows = await db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.branchId, branchId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function listGroups(db: Db, branchId: number) {
  const rows = await db.select().from(groups).where(eq(groups.branchId, branchId)).orderBy(asc(groups.id));
  const memberRows = await db
    .select({ groupId: roles.groupId, role: roles.role, name: members.name })
    .from(roles)
    .innerJoin(members, eq(members.id, roles.memberId))
    .where(and(eq(members.branchId, branchId), eq(members.active, true), inArray(roles.role, ['member', 'leader'])))
    .orderBy(asc(members.id));
  const chatRows = await db
    .select({ groupId: chats.groupId, platform: chats.platform, title: chats.title, externalId: chats.externalId })
    .from(chats)
    .where(and(sql`${chats.groupId} is not null`, eq(chats.active, true)));
  return rows.map((g) => ({
    ...g,
    leaders: memberRows.filter((m) => m.groupId === g.id && m.role === 'leader').map((m) => m.name),
    members: memberRows.filter((m) => m.groupId === g.id).map((m) => m.name),
    chats: chatRows.filter((c) => c.groupId === g.id).map((c) => c.title ?? `${c.platform}:${c.externalId}`),
  }));
}

export async function listMembers(db: Db, branchId: number, groupId?: number) {
  const rows = await db
    .select({
      id: members.id,
      name: members.name,
      station: members.station,
      partyStatus: members.partyStatus,
      role: roles.role,
      groupId: roles.groupId,
    })
    .from(members)
    .innerJoin(roles, eq(roles.memberId, members.id))
    .where(and(eq(members.branchId, branchId), eq(members.active, true)))
    .orderBy(asc(members.id));
  const byId = new Map<number, { id: number; name: string; station: string | null; partyStatus: string; roles: string[]; groupIds: number[] }>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { id: r.id, name: r.name, station: r.station, partyStatus: r.partyStatus, roles: [], groupIds: [] };
    entry.roles.push(r.role);
    if (r.groupId) entry.groupIds.push(r.groupId);
    byId.set(r.id, entry);
  }
  const all = [...byId.values()];
  return groupId === undefined ? all : all.filter((m) => m.groupIds.includes(groupId));
}

export async function deactivateMember(db: Db, memberId: number, now: Date) {
  await db
    .update(members)
    .set({ active: false, name: sql`${members.name} || '#' || ${members.id}` })
    .where(eq(members.id, memberId));
  await db.delete(accounts).where(eq(accounts.memberId, memberId));
  await db.delete(roles).where(eq(roles.memberId, memberId));
  await revokeInvites(db, memberId, now);
}

export async function accountsOf(db: Db, memberId: number) {
  return db.select().from(accounts).where(eq(accounts.memberId, memberId));
}

export async function updateGroupSettings(db: Db, groupId: number, settings: Record<string, string>) {
  await db.update(groups).set({ settings }).where(eq(groups.id, groupId));
}

/** People reachable on one platform, e.g. the console's personas. */
export async function accountsOnPlatform(db: Db, platform: string) {
  return db
    .select({ externalId: accounts.externalId, name: members.name, lang: members.lang })
    .from(accounts)
    .innerJoin(members, eq(members.id, accounts.memberId))
    .where(eq(accounts.platform, platform))
    .orderBy(asc(members.id));
}

export async function groupChatsOnPlatform(db: Db, platform: string) {
  return db
    .select({ externalId: chats.externalId, title: chats.title })
    .from(chats)
    .where(and(eq(chats.platform, platform), eq(chats.kind, 'group')))
    .orderBy(asc(chats.id));
}

/** Who hears about a member's safety and leave: their group's leaders and the branch's secretaries. */
export async function leadersAndSecretaries(db: Db, groupId: number, branchId: number) {
  return (await leadersAndSecretariesOf(db, [{ id: groupId, branchId }])).get(groupId) as { leaders: number[]; secretaries: number[] };
}

/** The branch's active secretaries (group 0 has no leaders: secretaries' roles carry it). */
export async function branchSecretaries(db: Db, branchId: number): Promise<number[]> {
  return (await leadersAndSecretaries(db, 0, branchId)).secretaries;
}

/** Each group's leaders and its branch's secretaries (active people only), for many groups in one query. */
export async function leadersAndSecretariesOf(db: Db, groupsOf: readonly { id: number; branchId: number }[]) {
  const rows =
    groupsOf.length === 0
      ? []
      : await db
          .select({ memberId: roles.memberId, role: roles.role, groupId: roles.groupId, branchId: members.branchId })
          .from(roles)
          .innerJoin(members, eq(members.id, roles.memberId))
          .where(
            and(
              eq(members.active, true),
              or(
                and(eq(roles.role, 'leader'), inArray(roles.groupId, [...new Set(groupsOf.map((g) => g.id))])),
                and(eq(roles.role, 'secretary'), inArray(members.branchId, [...new Set(groupsOf.map((g) => g.branchId))])),
              ),
            ),
          );
  const ids = (list: typeof rows) => [...new Set(list.map((r) => r.memberId))];
  const leaders = groupedBy(
    rows.filter((r) => r.role === 'leader'),
    (r) => String(r.groupId),
  );
  const secretaries = groupedBy(
    rows.filter((r) => r.role === 'secretary'),
    (r) => String(r.branchId),
  );
  return new Map(
    groupsOf.map((g) => [g.id, { leaders: ids(leaders.get(String(g.id)) ?? []), secretaries: ids(secretaries.get(String(g.branchId)) ?? []) }]),
  );
}

/** The people who report to a group (its members and leaders). */
/** When the member's record was created: days before it were owed by nobody. */
export async function memberSince(db: Db, memberId: number): Promise<Date> {
  const [row] = await db.select({ createdAt: members.createdAt }).from(members).where(eq(members.id, memberId));
  if (!row) throw new Error(`member ${memberId} is gone`);
  return row.createdAt;
}

export async function groupRoster(db: Db, groupIds: number[]) {
  if (groupIds.length === 0) return [];
  return db
    .select({ memberId: members.id, name: members.name, groupId: roles.groupId, lang: members.lang, createdAt: members.createdAt })
    .from(roles)
    .innerJoin(members, eq(members.id, roles.memberId))
    .where(and(inArray(roles.groupId, groupIds), inArray(roles.role, ['member', 'leader']), eq(members.active, true)))
    .orderBy(asc(roles.groupId), asc(members.id));
}
