import { and, asc, eq, like } from 'drizzle-orm';
import type { Db } from '../db/client';
import { accounts, chats, groups, members, outbox } from '../db/schema';
import { ALL_JOBS } from '../src/app/features';
import { Scheduler } from '../src/jobs/scheduler';
import { silentLogger } from '../src/log';
import { DEMO_GROUP, DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { bindChat, createGroup, createMember, findBranch } from '../src/org/org.service';
import { ChatHarness } from './harness/chat-harness';

/** Tuesday 1 December 2026, 08:00 in Asia/Shanghai. */
export const T0 = new Date('2026-12-01T00:00:00Z');
export const GROUP2 = '第二党小组';
export const GROUP2_CHAT = '第二党小组群';
export const MAIN_CHAT = '支部主课堂';
export { DEMO_GROUP, DEMO_GROUP_CHAT };

/** Shanghai wall-clock time → instant (the demo's zone). */
export const sh = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);

/**
 * The demo branch (李书记, 王组长 + 张云/刘川/陈闽 in 原料物资科党小组, 赵志愿) plus a second group with its own
 * classroom: 孙组长 (leader), 周闽 and 吴川, each with a console account named after them.
 */
export async function seedTwoGroups(db: Db, now = T0): Promise<{ branchId: number; group1: number; group2: number }> {
  await seedDemo(db, now);
  const branch = await findBranch(db);
  if (!branch) throw new Error('demo branch missing');
  const [g1] = await db.select().from(groups).where(eq(groups.name, DEMO_GROUP));
  const g2 = await createGroup(db, branch.id, GROUP2);
  for (const [name, role] of [
    ['孙组长', 'leader'],
    ['周闽', 'member'],
    ['吴川', 'member'],
  ] as const) {
    const { member } = await createMember(db, { branchId: branch.id, name, role, groupId: g2.id }, now);
    await db.insert(accounts).values({ platform: 'console', externalId: name, memberId: member.id, displayName: name, lastSeenAt: now });
  }
  const [chat] = await db.insert(chats).values({ platform: 'console', externalId: GROUP2_CHAT, kind: 'group', title: GROUP2_CHAT }).returning();
  if (chat) await bindChat(db, chat.id, g2.id, now);
  return { branchId: branch.id, group1: g1?.id ?? 0, group2: g2.id };
}

export async function memberId(db: Db, name: string): Promise<number> {
  const [m] = await db.select({ id: members.id }).from(members).where(eq(members.name, name));
  if (!m) throw new Error(`no member ${name}`);
  return m.id;
}

/** Outbox rows whose purpose starts with `purpose`, oldest first. */
export async function sent(db: Db, purpose: string) {
  return db
    .select()
    .from(outbox)
    .where(like(outbox.purpose, `${purpose}%`))
    .orderBy(asc(outbox.id));
}

/** Private messages (chat id = the person's console account) of one purpose. */
export async function sentTo(db: Db, purpose: string, name: string) {
  return db
    .select()
    .from(outbox)
    .where(and(like(outbox.purpose, `${purpose}%`), eq(outbox.chatExternalId, name)))
    .orderBy(asc(outbox.id));
}

/** A chat harness plus the real scheduler with every feature's jobs, both on the harness's clock. */
export function rig(db: Db, start = T0) {
  const h = new ChatHarness(db, start);
  const scheduler = new Scheduler({ db, clock: h.clock.now, jobs: ALL_JOBS, log: silentLogger() });
  /** Moves the clock to `at` and runs one scheduler tick there. */
  const tickAt = async (at: Date) => {
    h.clock.set(at);
    return scheduler.tick(at);
  };
  return { h, scheduler, tickAt };
}
