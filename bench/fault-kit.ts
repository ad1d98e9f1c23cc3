/**
 * Pieces shared by the fault scenarios (bench/fault.ts): a fresh PostgreSQL database seeded with groups and a
 * secretary, the Telegram stand-in (optionally behind a TCP proxy that can refuse), the real bot process, and
 * the counting: which queued messages arrived none, once, more than once; the gaps between attempts to a chat.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { User } from 'grammy/types';
import { rawRows } from '../db/client';
import type { Db } from '../db/client';
import { accounts, chats, groups, members, roles } from '../db/schema';
import { enqueueMany } from '../src/outbox/enqueue';
import { runMain } from '../tests/harness/run-main';
import type { MainRun } from '../tests/harness/run-main';
import { TcpProxy } from '../tests/harness/tcp-proxy';
import type { StandinOptions } from '../tests/harness/telegram-standin';
import { TelegramStandin } from '../tests/harness/telegram-standin';
import { until } from '../tests/harness/until';
import type { SeededGroup } from './telegram-common';
import { openBenchDb, seedGroups } from './telegram-common';

/** One scenario's outcome: the counts, the duplicates' bound, and what else the failure needs shown. */
export type Row = { scenario: string; tally: Tally; bound: string; shown: string };

/** Messages the stand-in took for these users' private chats. */
export const repliesTo = (world: World, userIds: number[]) => world.standin.sent.filter((m) => userIds.includes(m.chat_id)).length;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A port nothing listens on (taken and given back), e.g. a webhook nobody serves. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export type World = Awaited<ReturnType<typeof openWorld>>;

/**
 * One scenario's world. `apiBehindProxy` puts the Bot API behind a proxy the scenario can switch off; `env`
 * adds to the bot's environment (another platform, a health port).
 */
export async function openWorld(opts: { groups: number; perGroup: number; standin?: StandinOptions; apiBehindProxy?: boolean }) {
  const bench = await openBenchDb();
  const standin = await TelegramStandin.start({
    limits: { perChatPerSecond: 100, perChatBurst: 100, groupPerMinute: 10_000, globalPerSecond: 1000 },
    ...opts.standin,
  });
  const seeded = await seedGroups(bench.db, standin, opts.groups, opts.perGroup);
  const secretary = await addSecretary(bench.db, standin, seeded[0] as SeededGroup);
  const apiProxy = opts.apiBehindProxy ? await TcpProxy.start({ port: Number(new URL(standin.apiRoot).port) }) : undefined;
  const [current] = await rawRows<{ name: string }>(bench.db, sql`select current_database() as name`);
  const url = new URL(process.env.BENCH_DATABASE_URL as string);
  url.pathname = `/${current?.name}`;
  const journalDir = mkdtempSync(join(tmpdir(), 'yemai-fault-'));
  const runs: MainRun[] = [];
  return {
    db: bench.db,
    standin,
    apiProxy,
    groups: seeded,
    secretary,
    /** Starts the real bot process (`bots/main.ts`); each start keeps the same journal file, as a restart would. */
    startBot(env: Record<string, string> = {}): MainRun {
      const run = runMain({
        DATABASE_URL: url.toString(),
        TELEGRAM_BOT_TOKEN: standin.token,
        TELEGRAM_API_ROOT: apiProxy ? `http://127.0.0.1:${apiProxy.port}` : standin.apiRoot,
        YEMAI_JOURNAL_FILE: join(journalDir, 'journal.ndjson'),
        ...env,
      });
      runs.push(run);
      return run;
    },
    /** Every bot's output so far, for counting log lines. */
    logs: () => runs.map((r) => r.output()).join('\n'),
    async close() {
      for (const r of runs) await r.stop();
      await apiProxy?.stop();
      await standin.stop();
      await bench.close();
    },
  };
}

/** A branch secretary with a Telegram account, so "the secretary is told" can be counted in their private chat. */
async function addSecretary(db: Db, standin: TelegramStandin, group: SeededGroup): Promise<User> {
  const [chat] = await db
    .select({ groupId: chats.groupId })
    .from(chats)
    .where(eq(chats.externalId, String(group.chat.id)));
  const [g] = await db
    .select({ branchId: groups.branchId })
    .from(groups)
    .where(eq(groups.id, chat?.groupId ?? 0));
  if (!g) throw new Error('seeded group not found');
  const user = standin.createUser({ first_name: '书记' });
  const [m] = await db.insert(members).values({ branchId: g.branchId, name: '书记' }).returning();
  if (!m) throw new Error('no secretary');
  await db.insert(roles).values({ memberId: m.id, role: 'secretary' });
  await db
    .insert(accounts)
    .values({ platform: 'telegram', externalId: String(user.id), memberId: m.id, displayName: '书记', lastSeenAt: new Date() });
  return user;
}

/** The bot is up: a member's (or `user`'s) private /whoami is answered; it also opens that private chat. */
export async function botAnswers(world: World, timeoutMs = 60_000, user = world.groups[0]?.users[0] as User): Promise<void> {
  const before = world.standin.sent.filter((m) => m.chat_id === user.id).length;
  world.standin.sendText(user, world.standin.privateChat(user), '/whoami');
  await until(() => world.standin.sent.filter((m) => m.chat_id === user.id).length > before, timeoutMs, 'the bot answering');
}

/**
 * Queues `perChat` messages to each chat the way a scheduled job does (one outbox row each, in one insert);
 * every text is unique and carries `tag`, so deliveries can be counted. Returns the texts.
 */
export async function queueBroadcast(db: Db, tag: string, chatIds: (number | string)[], perChat: number, platform = 'telegram'): Promise<string[]> {
  const msgs = chatIds.flatMap((chat) =>
    Array.from({ length: perChat }, (_, i) => ({
      dedupKey: `${tag}:${chat}:${i}`,
      platform,
      chatId: String(chat),
      text: `[${tag}] ${i + 1}/${perChat} → ${chat}`,
      purpose: 'fault.bench',
    })),
  );
  await enqueueMany(db, new Date(), msgs);
  return msgs.map((m) => m.text);
}

export type Tally = { queued: number; delivered: number; lost: number; duplicated: number };

/** How often each expected text arrived among `seen` texts. */
export function tally(expected: string[], seen: (string | undefined)[]): Tally {
  const counts = new Map<string, number>();
  for (const t of seen) if (t !== undefined) counts.set(t, (counts.get(t) ?? 0) + 1);
  let lost = 0;
  let duplicated = 0;
  for (const t of expected) {
    const n = counts.get(t) ?? 0;
    if (n === 0) lost++;
    else duplicated += n - 1;
  }
  return { queued: expected.length, delivered: expected.length - lost, lost, duplicated };
}

export const telegramTexts = (world: World) => world.standin.sent.map((m) => m.text);

/** Waits (at most `timeoutMs`) until each asker got an answer since `before`; returns how many answers came. */
export async function awaitReplies(world: World, askers: User[], before: number, timeoutMs: number): Promise<number> {
  const ids = askers.map((u) => u.id);
  await until(() => repliesTo(world, ids) - before >= askers.length, timeoutMs, 'replies').catch(() => {});
  return repliesTo(world, ids) - before;
}

/** A broadcast's tally with private questions added: each asked once must be answered once. */
export function withReplies(t: Tally, asked: number, answered: number): Tally {
  return {
    queued: t.queued + asked,
    delivered: t.delivered + Math.min(answered, asked),
    lost: t.lost + Math.max(0, asked - answered),
    duplicated: t.duplicated + Math.max(0, answered - asked),
  };
}

/** Waits until every expected text arrived (or the time is up) and returns the tally either way. */
export async function settle(expected: string[], seen: () => (string | undefined)[], timeoutMs: number): Promise<Tally> {
  await until(() => tally(expected, seen()).lost === 0, timeoutMs, 'every message delivered').catch(() => {});
  return tally(expected, seen());
}

const chatOf = (params: Record<string, unknown>) => Number(params.chat_id);

/**
 * Under 429: the smallest gap between an attempt the stand-in answered 429 and the next attempt to the same chat,
 * and the smallest gap between any two attempts to one chat, over sendMessage calls since `sinceMs`.
 */
export function attemptGaps(standin: TelegramStandin, sinceMs: number): { after429Ms: number; anyMs: number; answered429: number } {
  const byChat = new Map<number, { at: number; status?: number }[]>();
  for (const c of standin.calls) {
    if (c.method.toLowerCase() !== 'sendmessage' || c.at < sinceMs) continue;
    const list = byChat.get(chatOf(c.params)) ?? [];
    list.push(c);
    byChat.set(chatOf(c.params), list);
  }
  let after429Ms = Number.POSITIVE_INFINITY;
  let anyMs = Number.POSITIVE_INFINITY;
  let answered429 = 0;
  for (const list of byChat.values()) {
    for (let i = 0; i < list.length; i++) {
      const a = list[i] as { at: number; status?: number };
      if (a.status === 429) answered429++;
      const b = list[i + 1];
      if (!b) continue;
      anyMs = Math.min(anyMs, b.at - a.at);
      if (a.status === 429) after429Ms = Math.min(after429Ms, b.at - a.at);
    }
  }
  return { after429Ms, anyMs, answered429 };
}

/** How many log lines of the bot contain `words`. */
export const logCount = (world: World, words: string): number =>
  world
    .logs()
    .split('\n')
    .filter((l) => l.includes(words)).length;

/** GET /healthz of a bot started with HEALTH_PORT. */
export async function health(
  port: number,
): Promise<{ adapters: { platform: string; connected: boolean }[]; scheduler: { lastTickAt: string | null } } | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return (await res.json()) as never;
  } catch {
    return null;
  }
}
