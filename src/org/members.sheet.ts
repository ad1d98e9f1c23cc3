import { groupNames, listMembers } from './org.service';
import { roleName } from './org.text';
import type { SheetDef } from '../feature/sheet';
import { sheetColumns } from '../feature/sheet';

/** The roster: included in every export so the other sheets can be read against it. */
export const membersSheet: SheetDef = {
  kind: 'roster',
  name: '成员 (members)',
  columns: sheetColumns({
    name: ['姓名', 'name', 14],
    group: ['党小组', 'group', 22],
    role: ['角色', 'role', 16],
    station: ['驻地', 'station', 26],
    partyStatus: ['政治面貌', 'party status', 14],
  }),
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
