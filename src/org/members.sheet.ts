import { groupNames, listMembers } from './org.service';
import { roleName } from './org.text';
import type { SheetDef } from '../feature/sheet';

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
    const names = await groupNames(db, branchId);
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
