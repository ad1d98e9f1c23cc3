import { eq } from 'drizzle-orm';
import { groups } from '../../../db/schema';
import { listMembers } from '../../org/org.service';
import { roleName } from '../../org/org.text';
import type { SheetDef } from './types';

/** The roster: included in every export so the other sheets can be read against it. */
export const membersSheet: SheetDef = {
  kind: 'roster',
  name: '成员 (members)',
  columns: [
    { header: '姓名 (name)', key: 'name', width: 14 },
    { header: '党小组 (group)', key: 'group', width: 22 },
    { header: '角色 (role)', key: 'role', width: 16 },
    { header: '驻地 (station)', key: 'station', width: 26 },
    { header: '政治面貌 (party status)', key: 'partyStatus', width: 14 },
  ],
  rows: async ({ db, branchId }) => {
    const groupRows = await db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.branchId, branchId));
    const names = new Map(groupRows.map((g) => [g.id, g.name]));
    const people = await listMembers(db, branchId);
    return people.map((m) => ({
      name: m.name,
      group: [...new Set(m.groupIds.map((id) => names.get(id) ?? String(id)))].join('、'),
      role: m.roles.map((r) => roleName('zh', r)).join('、'),
      station: m.station,
      partyStatus: m.partyStatus,
    }));
  },
};
