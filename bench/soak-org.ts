/**
 * The soak's organisation: branches of a few groups each (a secretary per branch, so no one person gets every
 * group's evening summary), a leader and members per group, every group bound to a supergroup on the Telegram
 * stand-in and every person with an account and an open private chat there.
 */
import type { User } from 'grammy/types';
import type { Db } from '../db/client';
import { accounts, branches, chats, groups, members, roles } from '../db/schema';
import type { TelegramStandin } from '../tests/harness/telegram-standin';

export type SoakPerson = { memberId: number; user: User; groupId: number; groupChat: string; leader: boolean };
export type SoakOrg = { groupChats: Map<number, string>; people: SoakPerson[]; secretaries: SoakPerson[] };

export async function seedSoakOrg(db: Db, standin: TelegramStandin, groupCount: number, perGroup: number, groupsPerBranch: number): Promise<SoakOrg> {
  const now = new Date();
  const org: SoakOrg = { groupChats: new Map(), people: [], secretaries: [] };
  for (let first = 0; first < groupCount; first += groupsPerBranch) {
    const n = Math.min(groupsPerBranch, groupCount - first);
    const [branch] = await db
      .insert(branches)
      .values({ name: `第${first / groupsPerBranch + 1}支部` })
      .returning();
    if (!branch) throw new Error('no branch');
    const groupRows = await db
      .insert(groups)
      .values(Array.from({ length: n }, (_, i) => ({ branchId: branch.id, name: `第${first + i + 1}党小组` })))
      .returning();
    const rooms = groupRows.map((g) => ({ group: g, chat: standin.createSupergroup({ title: `${g.name}群` }) }));
    const people = rooms.flatMap(({ group, chat }) =>
      Array.from({ length: perGroup }, (_, j) => ({ group, chat, leader: j === 0, name: `${group.name}${j === 0 ? '组长' : `成员${j}`}` })),
    );
    const secretaryName = `${branch.name}书记`;
    const memberRows = await db
      .insert(members)
      .values([...people.map((p) => ({ branchId: branch.id, name: p.name })), { branchId: branch.id, name: secretaryName }])
      .returning();
    const idOf = new Map(memberRows.map((m) => [m.name, m.id]));
    await db.insert(roles).values([
      ...people.map((p) => ({
        memberId: idOf.get(p.name) as number,
        role: p.leader ? ('leader' as const) : ('member' as const),
        groupId: p.group.id,
      })),
      { memberId: idOf.get(secretaryName) as number, role: 'secretary' as const, groupId: 0 },
    ]);
    const seeded = [
      ...people.map((p) => ({ ...p, memberId: idOf.get(p.name) as number })),
      { name: secretaryName, memberId: idOf.get(secretaryName) as number },
    ];
    const users = seeded.map((p) => {
      const user = standin.createUser({ first_name: p.name });
      standin.privateChat(user);
      return user;
    });
    await db.insert(accounts).values(
      seeded.map((p, i) => ({
        platform: 'telegram',
        externalId: String(users[i]?.id),
        memberId: p.memberId,
        displayName: p.name,
        lastSeenAt: now,
      })),
    );
    await db.insert(chats).values(
      rooms.map(({ group, chat }) => ({
        platform: 'telegram',
        externalId: String(chat.id),
        kind: 'group' as const,
        title: chat.title,
        groupId: group.id,
        boundAt: now,
      })),
    );
    for (const { group, chat } of rooms) org.groupChats.set(group.id, String(chat.id));
    seeded.forEach((p, i) => {
      const person = {
        memberId: p.memberId,
        user: users[i] as User,
        groupId: 'group' in p ? p.group.id : 0,
        groupChat: 'chat' in p ? String(p.chat.id) : '',
        leader: 'leader' in p && p.leader,
      };
      if ('group' in p) org.people.push(person);
      else org.secretaries.push(person);
    });
  }
  return org;
}

/** A small seeded generator, so a soak's traffic is the same from run to run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs tasks with at most `concurrency` at once. */
export async function pool(tasks: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await (tasks[next++] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
