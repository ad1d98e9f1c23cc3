/** One rule for adding a person, asked from chat (`/member add`) and from the CLI (`yemai member add`). */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDb } from '../db/client';
import type { Db } from '../db/client';
import { groups, members, roles } from '../db/schema';
import { DEMO_GROUP, seedDemo } from '../bots/console/demo/demo-seed';
import { runCli } from '../scripts/cli/run';
import { forEachBackend } from './harness/backends';
import { ChatHarness } from './harness/chat-harness';
import { pgliteTemplateDir } from './harness/template';

const NOW = new Date('2026-03-15T04:00:00Z');

/** Each role the person holds, with the group it is in (null: branch-wide). */
async function rolesOf(db: Db, name: string) {
  const rows = await db
    .select({ role: roles.role, group: groups.name })
    .from(roles)
    .innerJoin(members, eq(members.id, roles.memberId))
    .leftJoin(groups, eq(groups.id, roles.groupId))
    .where(eq(members.name, name));
  return rows.map((r) => `${r.role}@${r.group ?? '-'}`).sort();
}

forEachBackend('adding a person: chat and CLI', (get, kind) => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yemai-add-'));
    if (kind === 'pglite') cpSync(pgliteTemplateDir(), join(dir, 'data'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The CLI on its own database (PGlite: a private copy; PostgreSQL: the test database), read back after it closed. */
  async function viaCli(argv: string[]): Promise<string[]> {
    const env = kind === 'postgres' ? { DATABASE_URL: get().url } : { YEMAI_DATA_DIR: join(dir, 'data') };
    const sink = { write: (_: string) => true };
    const setUp = [['init', '--branch', '第一党支部', '--secretary', '李书记'], ['group', 'add', DEMO_GROUP, '--leader', '王组长'], argv];
    for (const words of setUp) expect(await runCli(words, { stdout: sink, stderr: sink, env, now: () => NOW, cwd: dir }), words.join(' ')).toBe(0);
    if (kind === 'postgres') return rolesOf(get().db, '钱志愿');
    const handle = await openDb({ dataDir: join(dir, 'data'), migrate: false });
    try {
      return await rolesOf(handle.db, '钱志愿');
    } finally {
      await handle.close();
    }
  }

  it('a volunteer given a group is a branch-wide volunteer and a member of that group, whichever way they were added', async () => {
    const expected = ['member@原料物资科党小组', 'volunteer@-'];
    expect(await viaCli(['member', 'add', '钱志愿', '--group', DEMO_GROUP, '--role', 'volunteer'])).toEqual(expected);
    if (kind === 'postgres')
      await get().db.execute('truncate branches, groups, members, roles, invites, accounts, chats, audit_log restart identity cascade');

    const h = new ChatHarness(get().db, NOW);
    await seedDemo(get().db, NOW);
    expect(await h.ask('李书记', `/member add 钱志愿 group=${DEMO_GROUP} role=volunteer`)).toContain('钱志愿');
    expect(await rolesOf(get().db, '钱志愿')).toEqual(expected);
  });

  it("chat takes the role words the CLI and a roster take (志愿者), and refuses others in the reader's language", async () => {
    const h = new ChatHarness(get().db, NOW);
    await seedDemo(get().db, NOW);
    await h.ask('李书记', `/member add 孙志愿 group=${DEMO_GROUP} role=志愿者`);
    expect(await rolesOf(get().db, '孙志愿')).toEqual(['member@原料物资科党小组', 'volunteer@-']);
    const refused = await h.ask('李书记', '/member add 周某 role=boss');
    expect(refused).toContain('role 只能是 member、leader、volunteer');
    expect(refused).not.toMatch(/Invalid|expected/);
    expect(await rolesOf(get().db, '周某')).toEqual([]);
  });
});
