import type { Db } from '../../../db/client';
import { accounts, chats, familyContacts } from '../../../db/schema';
import { bindChat, createBranch, createGroup, createMember, findBranch } from '../../../src/org/org.service';

export const DEMO_BRANCH = '第一党支部';
export const DEMO_GROUP = '原料物资科党小组';
export const DEMO_GROUP_CHAT = '原料物资科党小组群';

/** People from the article: a secretary at the factory, a group leader, buyers in three provinces, a volunteer. */
export const DEMO_PEOPLE = [
  { name: '李书记', role: 'secretary', station: '滁州卷烟厂', partyStatus: '党员' },
  { name: '王组长', role: 'leader', station: '云南 玉溪 烟叶基地', partyStatus: '党员' },
  { name: '张云', role: 'member', station: '云南 曲靖 烟叶收购站', partyStatus: '党员' },
  { name: '刘川', role: 'member', station: '四川 凉山 烟叶基地', partyStatus: '党员' },
  { name: '陈闽', role: 'member', station: '福建 三明 烟叶站', partyStatus: '预备党员' },
  { name: '赵志愿', role: 'volunteer', station: '滁州', partyStatus: '群众' },
] as const;

/** 张云's mother at home, so `/care` can be tried in the console straight away. */
export const DEMO_FAMILY = { name: '李秀英', relation: '母亲', district: '滁州市南谯区', phone: '13912345678', notes: '行动不便' };

/** Seeds the demo branch once; each person gets a console account named after them. */
export async function seedDemo(db: Db, now: Date): Promise<boolean> {
  if (await findBranch(db)) return false;
  await db.transaction(async (tx) => {
    const branch = await createBranch(tx, DEMO_BRANCH);
    const group = await createGroup(tx, branch.id, DEMO_GROUP);
    for (const p of DEMO_PEOPLE) {
      const inGroup = p.role === 'leader' || p.role === 'member';
      const { member } = await createMember(
        tx,
        {
          branchId: branch.id,
          name: p.name,
          role: p.role,
          groupId: inGroup ? group.id : null,
          station: p.station,
          partyStatus: p.partyStatus,
        },
        now,
      );
      await tx.insert(accounts).values({ platform: 'console', externalId: p.name, memberId: member.id, displayName: p.name, lastSeenAt: now });
      if (p.name === '张云') await tx.insert(familyContacts).values({ memberId: member.id, ...DEMO_FAMILY, createdAt: now });
    }
    const [chat] = await tx
      .insert(chats)
      .values({ platform: 'console', externalId: DEMO_GROUP_CHAT, kind: 'group', title: DEMO_GROUP_CHAT })
      .returning();
    if (chat) await bindChat(tx, chat.id, group.id, now);
  });
  return true;
}
