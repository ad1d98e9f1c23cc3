import { expect } from 'vitest';
import { accounts, chats } from '../db/schema';
import { bindChat, createGroup, createMember, findBranch } from '../src/org/org.service';
import { DEMO_FAMILY, DEMO_GROUP_CHAT } from '../bots/console/demo/demo-seed';
import type { Scenario } from './harness/scenario';

/** 张云's mother at home (seeded): every one of these strings is private to 张云, the secretary and the serving volunteer. */
export const MOTHER = DEMO_FAMILY;
export const OTHER_GROUP_CHAT = '川西党小组群';

/**
 * The demo branch plus two more volunteers (钱志愿, 孙志愿), a second group with its own leader (孙组长) and
 * chat; 张云's mother is in the family register from the seed.
 */
export async function careBranch(s: Scenario): Promise<void> {
  const db = s.db;
  const now = s.now();
  const branch = await findBranch(db);
  if (!branch) throw new Error('no demo branch');
  const other = await createGroup(db, branch.id, '川西党小组');
  const extra = [
    { name: '钱志愿', role: 'volunteer' as const, groupId: null },
    { name: '孙志愿', role: 'volunteer' as const, groupId: null },
    { name: '孙组长', role: 'leader' as const, groupId: other.id },
    { name: '周川', role: 'member' as const, groupId: other.id },
  ];
  for (const p of extra) {
    const { member } = await createMember(db, { branchId: branch.id, ...p }, now);
    await db.insert(accounts).values({ platform: 'console', externalId: p.name, memberId: member.id, displayName: p.name, lastSeenAt: now });
  }
  const [chat] = await db
    .insert(chats)
    .values({ platform: 'console', externalId: OTHER_GROUP_CHAT, kind: 'group', title: OTHER_GROUP_CHAT })
    .returning();
  if (chat) await bindChat(db, chat.id, other.id, now);
  expect(await s.text('张云', '/family', { private: true })).toBe(
    `张云 的家属：\n· #1 李秀英（母亲）${MOTHER.district}　${MOTHER.phone}　备注：行动不便`,
  );
}

/** Something the bot sent: a direct reply or an outbox row, with who it reached and when. */
export type Sent = { to: string; text: string; at: Date; purpose?: string | null };

/** Records every direct reply of a scenario so the privacy check sees them beside the outbox. */
export class SentLog {
  readonly replies: Sent[] = [];
  constructor(private readonly s: Scenario) {}

  async say(from: string, text: string, opts: { private?: boolean } = {}): Promise<string> {
    const at = this.s.now();
    const out = await this.s.say(from, text, opts);
    for (const o of out) this.replies.push({ to: o.chatId, text: o.text, at });
    return out
      .filter((o) => o.chatId === from)
      .map((o) => o.text)
      .join('\n');
  }

  async all(): Promise<Sent[]> {
    const rows = await this.s.outbox();
    return [...this.replies, ...rows.map((r) => ({ to: r.chatExternalId, text: r.text, at: r.createdAt, purpose: r.purpose }))];
  }
}

/**
 * Who may read what. The member and the secretary read everything; a volunteer reads everything once a
 * ticket for the family is theirs (`servingFrom`); an on-duty volunteer's urgent alert may name the district;
 * anyone else — group chats, other members, either group's leader, other volunteers — reads none of it.
 */
export function assertPrivacy(sent: Sent[], secrets: string[], rules: { servingFrom?: Record<string, Date>; alerted?: string[] }) {
  expect(sent.length).toBeGreaterThan(0);
  const fullReaders = new Set(['张云', '李书记']);
  for (const m of sent) {
    const servingSince = rules.servingFrom?.[m.to];
    if (fullReaders.has(m.to) || (servingSince && m.at >= servingSince)) continue;
    const districtOk = rules.alerted?.includes(m.to) && m.purpose === 'care.alert';
    const forbidden = districtOk ? secrets.filter((x) => x !== MOTHER.district) : secrets;
    for (const secret of forbidden) expect(m.text.includes(secret), `${m.to} must not read "${secret}" in: ${m.text}`).toBe(false);
  }
}

export const GROUP_CHATS = [DEMO_GROUP_CHAT, OTHER_GROUP_CHAT];
