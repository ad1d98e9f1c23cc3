import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rawRows } from '../../db/client';
import type { InboundMessage } from '../chat/types';
import type { Actor, GroupRow, RoleGrant } from '../commands/types';
import { asLang } from '../i18n';

export type KnownChat = {
  id: number;
  platform: string;
  externalId: string;
  kind: 'group' | 'private';
  title: string | null;
  groupId: number | null;
  active: boolean;
};

/** Everything a message needs to know about who sent it and where, read at its start. */
export type InboundIdentity = {
  /** False for a redelivery: the message was handled before, nothing else was read or written. */
  fresh: boolean;
  /** The chat as stored, or null the first time the bot hears from it. */
  chat: KnownChat | null;
  actor: Actor | null;
  /** The chat's group and the sender's own groups (as member or leader), by id. */
  groups: ReadonlyMap<number, GroupRow>;
};

type Row = {
  fresh: boolean;
  chat: KnownChat | null;
  member: (Omit<Actor, 'roles' | 'lang'> & { lang: string }) | null;
  roles: RoleGrant[] | null;
  groups: (Omit<GroupRow, 'createdAt'> & { createdAt: string })[] | null;
};

/**
 * De-duplicates the message and resolves its account, member, roles, chat and groups in one statement: the
 * message is recorded as handled (a redelivery finds it and stops), the account's last-seen time moves only for
 * a fresh message, and the rest is read alongside. Runs in the message's transaction.
 */
export async function resolveInbound(db: Db, msg: InboundMessage, now: Date): Promise<InboundIdentity> {
  const at = now.toISOString();
  const [row] = await rawRows<Row>(
    db,
    sql`with fresh as (
      insert into processed_messages (platform, message_id, at) values (${msg.platform}, ${msg.messageId}, ${at}::timestamptz)
      on conflict do nothing returning 1
    ), seen as (
      update accounts set last_seen_at = ${at}::timestamptz
      where platform = ${msg.platform} and external_id = ${msg.senderId} and exists (select 1 from fresh)
      returning member_id
    ), actor as (
      select m.id, m.branch_id, m.name, m.lang from members m join seen on seen.member_id = m.id where m.active
    ), grants as (
      select r.role, r.group_id from roles r join actor on r.member_id = actor.id
    ), chat as (
      select id, platform, external_id, kind, title, group_id, active from chats
      where platform = ${msg.platform} and external_id = ${msg.chatId}
    )
    select exists (select 1 from fresh) as fresh,
      (select json_build_object('id', id, 'platform', platform, 'externalId', external_id, 'kind', kind, 'title', title,
        'groupId', group_id, 'active', active) from chat) as chat,
      (select json_build_object('memberId', id, 'branchId', branch_id, 'name', name, 'lang', lang) from actor) as member,
      (select json_agg(json_build_object('role', role, 'groupId', group_id)) from grants) as roles,
      (select json_agg(json_build_object('id', g.id, 'branchId', g.branch_id, 'name', g.name, 'settings', g.settings,
        'createdAt', g.created_at)) from groups g
        where g.id in (select group_id from chat union select group_id from grants where role in ('member', 'leader'))) as groups`,
  );
  if (!row) throw new Error('inbound resolution returned nothing');
  const groupRows = (row.groups ?? []).map((g) => ({ ...g, createdAt: new Date(g.createdAt) }));
  return {
    fresh: Boolean(row.fresh),
    chat: row.chat,
    actor: row.member ? { ...row.member, lang: asLang(row.member.lang), roles: row.roles ?? [] } : null,
    groups: new Map(groupRows.map((g) => [g.id, g])),
  };
}
