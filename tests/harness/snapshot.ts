import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rawRows } from '../../db/client';

/** Every row of the domain tables (an account's last-seen time aside), so a diff names the table that changed. */
export const DOMAIN = {
  branches: 'branches',
  groups: 'groups',
  members: 'members',
  roles: 'roles',
  accounts: '(select platform, external_id, member_id, display_name from accounts)',
  invites: 'invites',
  checkins: 'checkins',
  checkin_edits: 'checkin_edits',
  leave_requests: 'leave_requests',
  outbox: 'outbox',
  audit_log: 'audit_log',
};
export async function snapshot(db: Db): Promise<Record<string, string>> {
  const parts = Object.entries(DOMAIN).map(
    ([name, from]) => `select '${name}' as t, count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from ${from} x`,
  );
  const rows = await rawRows<{ t: string; h: string }>(db, sql.raw(parts.join(' union all ')));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}
