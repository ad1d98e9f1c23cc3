/** Shared by the Telegram benchmarks: a throw-away database and a branch seeded in bulk on the stand-in. */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import type { Chat, User } from 'grammy/types';
import { openDb } from '../db/client';
import type { Db, DbHandle } from '../db/client';
import { accounts, branches, chats, groups, members, roles } from '../db/schema';
import type { TelegramStandin } from '../tests/harness/telegram-standin';

/** PGlite in memory, or a fresh database on the server named by BENCH_DATABASE_URL. */
export async function openBenchDb(): Promise<DbHandle & { label: string }> {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base) return { ...(await openDb({ dataDir: 'memory://' })), label: 'PGlite (in memory)' };
  const name = `yemai_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString(), maxConnections: 20 });
  return {
    ...handle,
    label: 'PostgreSQL',
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export type SeededGroup = { chat: Chat.SupergroupChat; users: User[] };

/** `groupCount` groups of `perGroup` members, each group bound to its own supergroup, every member with an account. */
export async function seedGroups(db: Db, standin: TelegramStandin, groupCount: number, perGroup: number): Promise<SeededGroup[]> {
  const now = new Date();
  const [branch] = await db
    .insert(branches)
    .values({ name: `支部-${Math.random().toString(36).slice(2, 8)}` })
    .returning();
  if (!branch) throw new Error('no branch');
  const out: SeededGroup[] = [];
  const chunk = 200;
  for (let from = 0; from < groupCount; from += chunk) {
    const n = Math.min(chunk, groupCount - from);
    const groupRows = await db
      .insert(groups)
      .values(Array.from({ length: n }, (_, i) => ({ branchId: branch.id, name: `第${from + i + 1}党小组` })))
      .returning();
    const seeded = groupRows.map((g) => ({
      group: g,
      chat: standin.createSupergroup({ title: `${g.name}群` }),
      users: Array.from({ length: perGroup }, (_, j) => standin.createUser({ first_name: `${g.name}成员${j + 1}` })),
    }));
    const memberRows = await db
      .insert(members)
      .values(seeded.flatMap((s) => s.users.map((u) => ({ branchId: branch.id, name: `${u.first_name}` }))))
      .returning();
    const byName = new Map(memberRows.map((m) => [m.name, m.id]));
    await db
      .insert(roles)
      .values(
        seeded.flatMap((s) => s.users.map((u) => ({ memberId: byName.get(u.first_name) as number, role: 'member' as const, groupId: s.group.id }))),
      );
    await db.insert(accounts).values(
      seeded.flatMap((s) =>
        s.users.map((u) => ({
          platform: 'telegram',
          externalId: String(u.id),
          memberId: byName.get(u.first_name) as number,
          displayName: u.first_name,
          lastSeenAt: now,
        })),
      ),
    );
    await db.insert(chats).values(
      seeded.map((s) => ({
        platform: 'telegram',
        externalId: String(s.chat.id),
        kind: 'group' as const,
        title: s.chat.title,
        groupId: s.group.id,
        boundAt: now,
      })),
    );
    for (const s of seeded) out.push({ chat: s.chat, users: s.users });
  }
  return out;
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Appends a section to bench/RESULTS-telegram.md (created with a header the first time). */
export function record(title: string, command: string, lines: string[]): void {
  const file = join(import.meta.dirname, 'RESULTS-telegram.md');
  if (!existsSync(file)) writeFileSync(file, '# Telegram adapter benchmarks\n\nEach section is one run; the baseline is measured in the same run.\n');
  const env = `Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z`;
  appendFileSync(file, `\n## ${title}\n\n\`${command}\` — ${env}\n\n${lines.join('\n')}\n`);
}
