import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Db } from '../db/client';
import { eq } from 'drizzle-orm';
import { accounts, chats, members, outbox } from '../db/schema';
import { authzTexts } from '../src/org/authz.text';
import { checkinTexts } from '../src/checkins/checkins.text';
import { coreTexts } from '../src/commands/commands.text';
import type { Role } from '../src/commands/types';
import { bindChat, createBranch, createGroup, createMember, grantRole } from '../src/org/org.service';
import { orgTexts, roleName } from '../src/org/org.text';
import { forEachBackend } from './harness/backends';
import { ChatHarness } from './harness/chat-harness';
import { snapshot } from './harness/snapshot';

const zh = { core: coreTexts('zh'), org: orgTexts('zh'), authz: authzTexts('zh'), checkin: checkinTexts('zh') };
/** 2026-12-01 10:00 in Shanghai: a workday after the prompt, so a proxy check-in counts for today. */
const NOW = new Date('2026-12-01T02:00:00Z');
const A = '原料物资科党小组';
const B = '川西党小组';

type Actor = 'secretary' | 'leader' | 'member' | 'volunteer';
const ACTORS: Actor[] = ['secretary', 'leader', 'member', 'volunteer'];
const ACTOR_NAME: Record<Actor, string> = { secretary: '李书记', leader: '王组长', member: '张云', volunteer: '赵志愿' };

/** Everyone in the two-group branch: [name, role, group, extra member-of group]. */
const PEOPLE: [string, Role, string | null][] = [
  ['李书记', 'secretary', null],
  ['王组长', 'leader', A],
  ['孙组长', 'leader', A],
  ['张云', 'member', A],
  ['刘川', 'member', A],
  ['赵志愿', 'volunteer', null],
  ['钱志愿', 'volunteer', null],
  ['郑组长', 'leader', B],
  ['吴川', 'member', B],
];
const TARGET_NAME: Record<string, (actor: Actor) => string> = {
  secretary: () => '李书记',
  'co-leader': () => '孙组长',
  member: () => '刘川',
  volunteer: () => '钱志愿',
  'other member': () => '吴川',
  'other leader': () => '郑组长',
  self: (actor) => ACTOR_NAME[actor],
};
const GROUP_OF_SCOPE: Record<string, string> = { 'own group': A, 'other group': B, branch: '' };

async function seedTwoGroups(db: Db) {
  await db.transaction(async (tx) => {
    const branch = await createBranch(tx, '第一党支部');
    const ids: Record<string, number> = { [A]: (await createGroup(tx, branch.id, A)).id, [B]: (await createGroup(tx, branch.id, B)).id };
    for (const [name, role, group] of PEOPLE) {
      const { member } = await createMember(tx, { branchId: branch.id, name, role, groupId: group ? ids[group] : null }, NOW);
      // The secretary is also a member of group A, as in a small branch.
      if (name === '李书记') await grantRole(tx, member.id, 'member', ids[A] ?? 0);
      await tx.insert(accounts).values({ platform: 'console', externalId: name, memberId: member.id, displayName: name, lastSeenAt: NOW });
    }
    for (const [room, group] of [
      ['a-room', A],
      ['b-room', B],
    ] as const) {
      const [chat] = await tx.insert(chats).values({ platform: 'console', externalId: room, kind: 'group' }).returning();
      if (chat) await bindChat(tx, chat.id, ids[group] ?? 0, NOW);
    }
  });
}

type Cell = { command: string; target: string; expected: Record<Actor, boolean> };

/** The tables of docs/permissions.md: `| command | target | secretary | leader | member | volunteer |`. */
function readMatrix(): Cell[] {
  const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'permissions.md'), 'utf8');
  return doc
    .split('\n')
    .filter((line) => line.startsWith('| `/'))
    .map((line) => {
      const [command = '', target = '', ...verdicts] = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      const expected = Object.fromEntries(ACTORS.map((a, i) => [a, verdicts[i] === 'yes'])) as Record<Actor, boolean>;
      expect(
        verdicts.every((v) => v === 'yes' || v === 'no'),
        line,
      ).toBe(true);
      return { command, target, expected };
    });
}

/** What to type, where, and the text a success contains. */
type Run = { text: string; chat?: string; ok: string };

function runFor(command: string, target: string, actor: Actor): Run {
  const name = TARGET_NAME[target]?.(actor) ?? '';
  const group = GROUP_OF_SCOPE[target] ?? '';
  const person: Record<string, () => Run> = {
    '`/invite NAME`': () => ({ text: `/invite ${name}`, ok: `${name} 的新邀请码：` }),
    '`/member set NAME station 昆明`': () => ({ text: `/member set ${name} station 昆明`, ok: zh.org.memberUpdated(name, 'station', '昆明') }),
    '`/member set NAME role leader`': () => ({ text: `/member set ${name} role leader`, ok: zh.org.memberUpdated(name, 'role', 'leader') }),
    '`/member set NAME group 川西党小组`': () => ({ text: `/member set ${name} group ${B}`, ok: zh.org.memberUpdated(name, 'group', B) }),
    '`/member remove NAME`': () => ({ text: `/member remove ${name}`, ok: zh.org.memberRemoved(name) }),
    '`/checkin @NAME 云南曲靖 在岗 一切正常`': () => ({ text: `/checkin @${name} 云南曲靖 在岗 一切正常`, ok: name }),
  };
  const groupRuns: Record<string, () => Run> = {
    '`/settings group=GROUP`': () => ({ text: `/settings group=${group}`, ok: `「${group}」的设置` }),
    '`/settings checkin.prompt 07:30 group=GROUP`': () => ({
      text: `/settings checkin.prompt 07:30 group=${group}`,
      ok: zh.org.settingChanged('checkin.prompt', '07:30'),
    }),
    '`/member list GROUP`': () => ({ text: `/member list ${group}`, ok: '成员：\n· ' }),
    '`/member add 新人 group=GROUP`': () => ({ text: `/member add 新人 group=${group}`, ok: '已添加 新人' }),
    '`/member add 新人 group=GROUP role=leader`': () => ({ text: `/member add 新人 group=${group} role=leader`, ok: '已添加 新人' }),
    '`/member add 新人 role=volunteer`': () => ({ text: '/member add 新人 role=volunteer', ok: '已添加 新人' }),
    '`/group add 新组`': () => ({ text: '/group add 新组', ok: zh.org.groupCreated('新组') }),
    '`/unreported GROUP`': () => ({ text: `/unreported ${group}`, ok: group }),
    "`/bind GROUP` in a chat that is no group's classroom": () => ({ text: `/bind ${group}`, chat: 'new-room', ok: zh.org.bound(group) }),
    "`/bind GROUP` in group B's classroom": () => ({ text: `/bind ${group}`, chat: 'b-room', ok: zh.org.bound(group) }),
    "`/bind GROUP 确认` in group B's classroom": () => ({ text: `/bind ${group} 确认`, chat: 'b-room', ok: zh.org.bound(group) }),
  };
  const make = person[command] ?? groupRuns[command];
  if (!make) throw new Error(`docs/permissions.md names a command the test does not know: ${command}`);
  return make();
}

/** Every refusal the rule may give in this branch, so a "no" must be one of them and not some other failure. */
function refusals(label: string): string[] {
  const names = PEOPLE.map(([n]) => n);
  const roles: Role[] = ['secretary', 'leader'];
  return [
    zh.core.notAllowed(label),
    zh.checkin.proxyNotAllowed(),
    zh.authz.roleSecretaryOnly(),
    zh.authz.addSecretaryOnly(),
    zh.authz.groupNotYours(A),
    zh.authz.groupNotYours(B),
    zh.authz.boundToOtherGroup(B),
    zh.authz.confirmRebind(B, A),
    ...names.flatMap((n) => [zh.authz.personNotYours(n), zh.authz.lastSecretary(n), ...roles.map((r) => zh.authz.outranked(n, roleName('zh', r)))]),
  ];
}

const labelOf = (text: string) =>
  text.startsWith('/member') || text.startsWith('/group') ? text.split(' ').slice(0, 2).join(' ') : (text.split(' ')[0] ?? '');

forEachBackend('the permission matrix of docs/permissions.md', (get) => {
  const matrix = readMatrix();

  it('covers every person- and group-targeting command against every target and scope', () => {
    const person = matrix.filter((c) => c.target in TARGET_NAME);
    const group = matrix.filter((c) => c.target in GROUP_OF_SCOPE);
    expect(person.length + group.length).toBe(matrix.length);
    expect(new Set(person.map((c) => c.command)).size).toBe(6);
    expect(new Set(group.map((c) => c.command)).size).toBe(11);
    // 54 rows × 4 actors.
    expect(matrix.length * ACTORS.length).toBe(216);
  });

  /** Each cell runs in a transaction that is rolled back, so every actor meets the same freshly seeded branch. */
  class RolledBack extends Error {}
  async function inRolledBack(body: (db: Db) => Promise<void>) {
    await get()
      .db.transaction(async (tx) => {
        await body(tx);
        throw new RolledBack();
      })
      .catch((err) => {
        if (!(err instanceof RolledBack)) throw err;
      });
  }

  it.each(matrix.map((c) => ({ ...c, name: `${c.command} on ${c.target}` })))('$name', async ({ command, target, expected }) => {
    await seedTwoGroups(get().db);
    for (const actor of ACTORS) {
      await inRolledBack(async (db) => {
        const run = runFor(command, target, actor);
        const before = expected[actor] ? null : await snapshot(db);
        const reply = await new ChatHarness(db, NOW).ask(ACTOR_NAME[actor], run.text, run.chat ? { chat: run.chat } : {});
        if (expected[actor]) {
          expect(reply, `${actor}: ${run.text}`).toContain(run.ok);
          expect(refusals(labelOf(run.text)), `${actor}: ${run.text}`).not.toContain(reply);
        } else {
          expect(refusals(labelOf(run.text)), `${actor}: ${run.text} → ${reply}`).toContain(reply);
          expect(await snapshot(db), `${actor}: ${run.text}`).toEqual(before);
        }
      });
    }
  });
});

forEachBackend('privilege escalation attempts', (get) => {
  const ask = (who: string, text: string, chat?: string) => new ChatHarness(get().db, NOW).ask(who, text, chat ? { chat } : {});

  it("a leader's /invite and /member remove on the secretary or a co-leader are refused with nothing written", async () => {
    await seedTwoGroups(get().db);
    const secretary = roleName('zh', 'secretary');
    const leader = roleName('zh', 'leader');
    const attempts: [string, string][] = [
      ['/invite 李书记', zh.authz.outranked('李书记', secretary)],
      ['/member remove 李书记', zh.authz.outranked('李书记', secretary)],
      ['/member set 李书记 station 昆明', zh.authz.outranked('李书记', secretary)],
      ['/invite 孙组长', zh.authz.outranked('孙组长', leader)],
      ['/member remove 孙组长', zh.authz.outranked('孙组长', leader)],
      ['/member set 张云 role leader', zh.authz.roleSecretaryOnly()],
      ['/member set 张云 group 川西党小组', zh.authz.roleSecretaryOnly()],
    ];
    for (const [text, refusal] of attempts) {
      const before = await snapshot(get().db);
      expect(await ask('王组长', text), text).toBe(refusal);
      expect(await ask('王组长', text, 'a-room'), `${text} in a group chat`).toBe(refusal);
      expect(await snapshot(get().db), text).toEqual(before);
    }
  });

  it('nobody removes the last secretary; with two, either may remove the other', async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const before = await snapshot(db);
    expect(await ask('李书记', '/member remove 李书记')).toBe(zh.authz.lastSecretary('李书记'));
    expect(await snapshot(db)).toEqual(before);

    const [zhou] = await db.select().from(members).where(eq(members.name, '郑组长'));
    await grantRole(db, zhou?.id ?? 0, 'secretary', 0);
    expect(await ask('郑组长', '/member remove 李书记')).toBe(zh.org.memberRemoved('李书记'));
    expect(await ask('郑组长', '/member remove 郑组长')).toBe(zh.authz.lastSecretary('郑组长'));
  });

  it("/bind in another group's classroom: a leader is refused, the secretary confirms and both groups' leaders are told", async () => {
    const db = get().db;
    await seedTwoGroups(db);
    const roomOf = async () => (await db.select().from(chats).where(eq(chats.externalId, 'b-room')))[0]?.groupId;
    const bId = await roomOf();

    for (const text of [`/bind ${A}`, `/bind ${A} 确认`]) expect(await ask('王组长', text, 'b-room')).toBe(zh.authz.boundToOtherGroup(B));
    expect(await ask('李书记', `/bind ${A}`, 'b-room')).toBe(zh.authz.confirmRebind(B, A));
    expect(await roomOf()).toBe(bId);

    expect(await ask('李书记', `/bind ${A} 确认`, 'b-room')).toBe(zh.org.bound(A));
    expect(await roomOf()).not.toBe(bId);
    const notes = await db.select().from(outbox).where(eq(outbox.purpose, 'bind'));
    expect(notes.map((n) => n.chatExternalId).sort()).toEqual(['孙组长', '王组长', '郑组长'].sort());
    for (const n of notes) expect(n.text).toBe(zh.org.classroomMoved('b-room', B, A));
  });
});
