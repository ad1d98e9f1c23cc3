/** Fault scenarios about delivery (run by bench/fault.ts): 429 storms, a kicked classroom, SIGKILL mid-broadcast. */
import { and, eq, ne } from 'drizzle-orm';
import { TELEGRAM_PACING } from '../bots/telegram/telegram.adapter';
import { chats, outbox } from '../db/schema';
import type { ChatAdapter } from '../src/chat/types';
import { inFlightLimit } from '../src/outbox/in-flight';
import { until } from '../tests/harness/until';
import type { Row } from './fault-kit';
import {
  attemptGaps,
  botAnswers,
  openWorld,
  queueBroadcast,
  repliesTo,
  settle,
  sleep,
  tally,
  telegramTexts,
  withReplies,
  awaitReplies,
} from './fault-kit';

/** Sends the dispatcher has on their way to Telegram at once: what one kill can duplicate at most. */
const TELEGRAM_IN_FLIGHT = inFlightLimit({ pacing: TELEGRAM_PACING } as ChatAdapter);

/** 429 `retry_after: 5` on every sendMessage for 20 s, while a broadcast goes out and members ask privately. */
export async function tooManyRequests(): Promise<Row> {
  const STORM_MS = 20_000;
  const RETRY_AFTER_S = 5;
  const world = await openWorld({ groups: 8, perGroup: 2 });
  try {
    world.startBot();
    await botAnswers(world);
    const askers = world.groups.map((g) => g.users[1]).filter((u) => u !== undefined);
    const answeredBefore = repliesTo(
      world,
      askers.map((u) => u.id),
    );
    const stormAt = Date.now();
    world.standin.failNext('sendMessage', { error_code: 429, retry_after: RETRY_AFTER_S }, { count: 1_000_000 });
    const expected = await queueBroadcast(
      world.db,
      '429',
      world.groups.map((g) => g.chat.id),
      4,
    );
    for (const [i, u] of askers.entries()) {
      if (i % 2 === 0) await sleep(STORM_MS / askers.length);
      world.standin.sendText(u, world.standin.privateChat(u), '/whoami');
    }
    await sleep(Math.max(0, stormAt + STORM_MS - Date.now()));
    world.standin.clearFaults();
    const endedAt = Date.now();
    const t = await settle(expected, () => telegramTexts(world), 120_000);
    const replies = await awaitReplies(world, askers, answeredBefore, 60_000);
    const lastAt = Math.max(...world.standin.sent.map((m) => m.timestamp));
    const gaps = attemptGaps(world.standin, stormAt);
    return {
      scenario: `429 retry_after ${RETRY_AFTER_S} s on every send for ${STORM_MS / 1000} s`,
      tally: withReplies(t, askers.length, replies),
      bound: '0',
      shown:
        `${t.queued} broadcast + ${askers.length} replies; ${gaps.answered429} attempts answered 429; smallest gap 429 → next attempt to that chat ` +
        `${(gaps.after429Ms / 1000).toFixed(2)} s (retry_after ${RETRY_AFTER_S} s), any two attempts to one chat ${(gaps.anyMs / 1000).toFixed(2)} s; ` +
        `all delivered ${((lastAt - endedAt) / 1000).toFixed(1)} s after the storm`,
    };
  } finally {
    await world.close();
  }
}

/** The bot is kicked from a classroom (403 on send), then restored twice: once by being added back, once by a message from the chat. */
export async function kickedThenRestored(): Promise<Row> {
  const world = await openWorld({ groups: 3, perGroup: 2 });
  const { standin, db } = world;
  const [kicked, ...others] = world.groups.map((g) => g.chat);
  if (!kicked) throw new Error('no group');
  const active = async () =>
    (
      await db
        .select({ active: chats.active })
        .from(chats)
        .where(eq(chats.externalId, String(kicked.id)))
    )[0]?.active;
  // The secretary's notice names the classroom (other private notes, e.g. the day's summary, do not).
  const toSecretary = () => standin.sent.filter((m) => m.chat_id === world.secretary.id && m.text?.includes(`「${kicked.title}」`)).length;
  const botStatus = (from: string, to: string) => ({
    chat: kicked,
    from: world.groups[0]?.users[0],
    date: Math.floor(Date.now() / 1000),
    old_chat_member: { status: from, user: standin.botInfo },
    new_chat_member: { status: to, user: standin.botInfo },
  });
  const expected: string[] = [];
  const refused: string[] = [];
  const notices: number[] = [];
  try {
    world.startBot();
    await botAnswers(world);
    // A secretary who has written to the bot privately, as Telegram requires before the bot may write to them.
    await botAnswers(world, 30_000, world.secretary);
    expected.push(...(await queueBroadcast(db, 'before', [kicked.id, ...others.map((c) => c.id)], 1)));
    await settle(expected, () => telegramTexts(world), 30_000);
    for (const restore of ['added back', 'a member writes'] as const) {
      const secretaryBefore = toSecretary();
      standin.chatBlocked(kicked);
      standin.pushUpdate({ my_chat_member: botStatus('member', 'kicked') } as never);
      // The next scheduled message: refused for the kicked chat (Telegram drops it), delivered to the others.
      const round = await queueBroadcast(db, `kicked-${restore}`, [kicked.id, ...others.map((c) => c.id)], 1);
      refused.push(round[0] as string);
      expected.push(...round.slice(1));
      await until(async () => (await active()) === false, 30_000, 'the chat marked inactive');
      await until(() => toSecretary() > secretaryBefore, 30_000, 'the secretary told').catch(() => {});
      standin.unblockChat(kicked);
      if (restore === 'added back') standin.pushUpdate({ my_chat_member: botStatus('kicked', 'member') } as never);
      else standin.sendText(world.groups[0]?.users[0] as never, kicked, '/whoami');
      await until(async () => (await active()) === true, 30_000, 'the chat active again');
      // The scheduler posts only to active classrooms; it is active again, so its next message goes there.
      expected.push(...(await queueBroadcast(db, `restored-${restore}`, [kicked.id], 1)));
      await settle(expected, () => telegramTexts(world), 30_000);
      await sleep(3000);
      notices.push(toSecretary() - secretaryBefore);
    }
    const t = tally(expected, telegramTexts(world));
    const leaked = tally(refused, telegramTexts(world)).delivered;
    return {
      scenario: '403 for a classroom (bot kicked), then restored: by my_chat_member, then by a message from the chat',
      tally: t,
      bound: '0',
      shown:
        `secretary told ${notices.join(' + ')} time(s) (one per loss); message queued while kicked: refused by Telegram and dropped ` +
        `(${refused.length - leaked} of ${refused.length}); next message after each restore delivered`,
    };
  } finally {
    await world.close();
  }
}

/** SIGKILL of the bot while a broadcast goes out, twice, each time restarted. */
export async function killedMidBroadcast(): Promise<Row> {
  const KILLS = 2;
  // A real round trip, so several sends are in flight when the kill lands.
  const world = await openWorld({ groups: 30, perGroup: 1, standin: { latencyMs: 80 } });
  try {
    let bot = world.startBot();
    await botAnswers(world);
    const expected = await queueBroadcast(
      world.db,
      'kill',
      world.groups.map((g) => g.chat.id),
      8,
    );
    // What a kill can duplicate: messages Telegram took that the dead process had not yet marked sent. A row left
    // so by the first kill may still wait out its lease at the second, so each kill counts only the new ones.
    const unmarked = new Set<string>();
    const unmarkedAtKill: number[] = [];
    for (let k = 1; k <= KILLS; k++) {
      await until(() => tally(expected, telegramTexts(world)).delivered >= (expected.length * k) / (KILLS + 1), 120_000, 'part of the broadcast');
      bot.child.kill('SIGKILL');
      await bot.exited;
      const pending = await world.db
        .select({ text: outbox.text })
        .from(outbox)
        .where(and(eq(outbox.purpose, 'fault.bench'), ne(outbox.status, 'sent')));
      const delivered = new Set(telegramTexts(world));
      const before = unmarked.size;
      for (const r of pending) if (delivered.has(r.text)) unmarked.add(r.text);
      unmarkedAtKill.push(unmarked.size - before);
      bot = world.startBot();
    }
    // Rows the killed process had claimed wait out their lease (60 s) before the new one takes them.
    const restartedAt = Date.now();
    const t = await settle(expected, () => telegramTexts(world), 180_000);
    const doneAt = Math.max(...world.standin.sent.map((m) => m.timestamp));
    return {
      scenario: `SIGKILL mid-broadcast ×${KILLS}, restarted each time (${expected.length} messages to ${world.groups.length} groups, 80 ms API latency)`,
      tally: t,
      bound: `≤ sends in flight per kill, at most ${TELEGRAM_IN_FLIGHT}: ≤ ${TELEGRAM_IN_FLIGHT * KILLS}`,
      shown: `delivered but not yet marked sent at the kills: ${unmarkedAtKill.join(' + ')}; ${t.lost === 0 ? 'all' : 'NOT all'} delivered ${((doneAt - restartedAt) / 1000).toFixed(0)} s after the last restart (a dead process's claimed rows wait out their 60 s lease)`,
    };
  } finally {
    await world.close();
  }
}
