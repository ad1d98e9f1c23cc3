/**
 * Fault harness (issue 14, "Must show"): the real bot process (`bots/main.ts`) on PostgreSQL against the
 * Telegram stand-in, one scenario at a time, each reproducing a failure and stating what was lost (goal 0), what
 * was duplicated (with its bound) and what else the failure needs shown. The database outage has its own script
 * (bench/fault-db-outage.ts).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/fault.ts [429 403 kill api-down webhook]
 *
 * No names: every scenario. Loopback only; each scenario is bounded (the longest, kill, about 3 minutes).
 */
import { and, eq, ne } from 'drizzle-orm';
import { TELEGRAM_PACING } from '../bots/telegram/telegram.adapter';
import { chats, outbox } from '../db/schema';
import type { ChatAdapter } from '../src/chat/types';
import { inFlightLimit } from '../src/outbox/in-flight';
import { until } from '../tests/harness/until';
import { WecomStandin } from '../tests/harness/wecom-standin';
import type { Tally, World } from './fault-kit';
import { attemptGaps, botAnswers, freePort, health, logCount, openWorld, queueBroadcast, settle, sleep, tally, telegramTexts } from './fault-kit';

/** Sends the dispatcher has on their way to Telegram at once: what one kill can duplicate at most. */
const TELEGRAM_IN_FLIGHT = inFlightLimit({ pacing: TELEGRAM_PACING } as ChatAdapter);

type Row = { scenario: string; tally: Tally; bound: string; shown: string };

const repliesTo = (world: World, userIds: number[]) => world.standin.sent.filter((m) => userIds.includes(m.chat_id)).length;

/** 429 `retry_after: 5` on every sendMessage for 20 s, while a broadcast goes out and members ask privately. */
async function tooManyRequests(): Promise<Row> {
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
    await until(
      () =>
        repliesTo(
          world,
          askers.map((u) => u.id),
        ) -
          answeredBefore >=
        askers.length,
      60_000,
      'replies',
    ).catch(() => {});
    const lastAt = Math.max(...world.standin.sent.map((m) => m.timestamp));
    const replies =
      repliesTo(
        world,
        askers.map((u) => u.id),
      ) - answeredBefore;
    const gaps = attemptGaps(world.standin, stormAt);
    return {
      scenario: `429 retry_after ${RETRY_AFTER_S} s on every send for ${STORM_MS / 1000} s`,
      tally: {
        queued: t.queued + askers.length,
        delivered: t.delivered + Math.min(replies, askers.length),
        lost: t.lost + Math.max(0, askers.length - replies),
        duplicated: t.duplicated + Math.max(0, replies - askers.length),
      },
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
async function kickedThenRestored(): Promise<Row> {
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
    if (process.env.FAULT_DEBUG) {
      console.error(await db.select().from(outbox).where(ne(outbox.purpose, 'fault.bench')));
      console.error(world.logs());
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
async function killedMidBroadcast(): Promise<Row> {
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

/**
 * The Bot API refused at start for 25 s and again mid-run for 40 s (across a minute boundary, so a scheduler
 * tick falls inside). Meanwhile WeCom (a second platform) gets its messages and the scheduler ticks.
 */
async function apiUnreachable(): Promise<Row> {
  const world = await openWorld({ groups: 4, perGroup: 1, apiBehindProxy: true });
  const wecom = await WecomStandin.start();
  const proxy = world.apiProxy;
  if (!proxy) throw new Error('no proxy');
  const healthPort = await freePort();
  const telegramUp = async () => (await health(healthPort))?.adapters.find((a) => a.platform === 'telegram')?.connected === true;
  const tick = async () => (await health(healthPort))?.scheduler.lastTickAt ?? null;
  const wecomTexts = () => wecom.sent.map((m) => m.text);
  const tg: string[] = [];
  const wc: string[] = [];
  const notes: string[] = [];
  try {
    await proxy.refuse();
    const startedAt = Date.now();
    world.startBot({ HEALTH_PORT: String(healthPort), WECOM_BOT_ID: wecom.botId, WECOM_BOT_SECRET: wecom.secret, WECOM_WS_URL: wecom.url });
    tg.push(
      ...(await queueBroadcast(
        world.db,
        'down-at-start',
        world.groups.map((g) => g.chat.id),
        2,
      )),
    );
    wc.push(...(await queueBroadcast(world.db, 'wecom-at-start', ['wrRoomA', 'wrRoomB'], 3, 'wecom')));
    await settle(wc, wecomTexts, 25_000);
    const wecomAtStart = tally(wc, wecomTexts());
    const tickAtStart = await tick();
    await sleep(Math.max(0, startedAt + 25_000 - Date.now()));
    notes.push(
      `at start: ${wecomAtStart.delivered}/${wecomAtStart.queued} WeCom delivered and scheduler ${tickAtStart ? 'ticking' : 'NOT ticking'} while Telegram refused, ` +
        `${logCount(world, 'adapter failed to start; retrying')} logged start retries, Telegram messages sent meanwhile ${tally(tg, telegramTexts(world)).delivered}`,
    );
    const upAt = Date.now();
    await proxy.accept();
    await until(telegramUp, 90_000, 'telegram up').catch(() => {});
    await settle(tg, () => telegramTexts(world), 90_000);
    notes.push(`Telegram up ${((Date.now() - upAt) / 1000).toFixed(1)} s after the API came back, its queued messages delivered`);
    await botAnswers(world, 30_000);

    // Mid-run: refuse from second 40 of a minute for 40 s, so a scheduler tick (every minute) falls inside.
    await sleep(((100 - new Date().getSeconds()) % 60) * 1000);
    const before = await tick();
    const downAt = Date.now();
    await proxy.refuse();
    const user = world.groups[1]?.users[0];
    if (!user) throw new Error('no member');
    world.standin.sendText(user, world.standin.privateChat(user), '/whoami');
    tg.push(
      ...(await queueBroadcast(
        world.db,
        'down-mid-run',
        world.groups.map((g) => g.chat.id),
        2,
      )),
    );
    wc.push(...(await queueBroadcast(world.db, 'wecom-mid-run', ['wrRoomA', 'wrRoomB'], 3, 'wecom')));
    await sleep(40_000);
    const during = { tick: (await tick()) !== before, wecom: tally(wc, wecomTexts()) };
    const backAt = Date.now();
    await proxy.accept();
    const t = await settle(tg, () => telegramTexts(world), 120_000);
    await until(() => world.standin.sent.some((m) => m.chat_id === user.id), 60_000, 'the reply').catch(() => {});
    const lastAt = Math.max(...world.standin.sent.map((m) => m.timestamp));
    notes.push(
      `mid-run (${((backAt - downAt) / 1000).toFixed(0)} s): WeCom ${during.wecom.delivered}/${during.wecom.queued} delivered meanwhile, scheduler ` +
        `${during.tick ? 'ticked' : 'did NOT tick'}, ${logCount(world, 'cannot reach the Bot API')} "cannot reach" lines; ` +
        `all Telegram delivered ${((lastAt - backAt) / 1000).toFixed(1)} s after it came back; the private /whoami sent meanwhile ` +
        `${world.standin.sent.some((m) => m.chat_id === user.id) ? 'answered' : 'NOT answered'}`,
    );
    const w = tally(wc, wecomTexts());
    return {
      scenario: 'Bot API refusing connections at start (25 s) and mid-run (40 s); WeCom running beside it',
      tally: { queued: t.queued + w.queued, delivered: t.delivered + w.delivered, lost: t.lost + w.lost, duplicated: t.duplicated + w.duplicated },
      bound: '0',
      shown: notes.join('; '),
    };
  } finally {
    await world.close();
    await wecom.stop();
  }
}

/** Another instance sets a webhook (nobody serves it) while this one long-polls; 30 s later it is deleted. */
async function webhookTaken(): Promise<Row> {
  const world = await openWorld({ groups: 3, perGroup: 3 });
  const { standin } = world;
  try {
    world.startBot();
    await botAnswers(world);
    const call = (method: string, body: Record<string, unknown>) =>
      fetch(`${standin.apiRoot}/bot${standin.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await call('setWebhook', { url: `http://127.0.0.1:${await freePort()}/hook` });
    const askers = world.groups.flatMap((g) => g.users.slice(1));
    const before = repliesTo(
      world,
      askers.map((u) => u.id),
    );
    // During the conflict: members ask privately (Telegram keeps the updates) and a broadcast goes out.
    const expected = await queueBroadcast(
      world.db,
      'webhook',
      world.groups.map((g) => g.chat.id),
      2,
    );
    for (const u of askers) {
      standin.sendText(u, standin.privateChat(u), '/whoami');
      await sleep(30_000 / askers.length);
    }
    const conflicts = logCount(world, 'polling conflict (409)');
    const sentDuring = tally(expected, telegramTexts(world)).delivered;
    const deletedAt = Date.now();
    await call('deleteWebhook', {});
    const t = await settle(expected, () => telegramTexts(world), 60_000);
    await until(
      () =>
        repliesTo(
          world,
          askers.map((u) => u.id),
        ) -
          before >=
        askers.length,
      90_000,
      'replies',
    ).catch(() => {});
    const replies =
      repliesTo(
        world,
        askers.map((u) => u.id),
      ) - before;
    const firstReply = world.standin.sent.find((m) => askers.some((u) => u.id === m.chat_id) && m.timestamp >= deletedAt);
    return {
      scenario: 'a second instance sets a webhook for 30 s while this one long-polls, then deletes it',
      tally: {
        queued: t.queued + askers.length,
        delivered: t.delivered + Math.min(replies, askers.length),
        lost: t.lost + Math.max(0, askers.length - replies),
        duplicated: t.duplicated + Math.max(0, replies - askers.length),
      },
      bound: '0',
      shown:
        `${conflicts} "polling conflict (409)" log lines during the 30 s; broadcast went on meanwhile (${sentDuring}/${t.queued}); ` +
        `${askers.length} private messages sent meanwhile all answered after the delete, the first ${firstReply ? ((firstReply.timestamp - deletedAt) / 1000).toFixed(1) : '–'} s after it`,
    };
  } finally {
    await world.close();
  }
}

const SCENARIOS: Record<string, () => Promise<Row>> = {
  '429': tooManyRequests,
  '403': kickedThenRestored,
  kill: killedMidBroadcast,
  'api-down': apiUnreachable,
  webhook: webhookTaken,
};

async function main(): Promise<void> {
  if (!process.env.BENCH_DATABASE_URL) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL server');
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(a in SCENARIOS));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const rows: Row[] = [];
  for (const name of asked.length ? asked : Object.keys(SCENARIOS)) {
    const began = Date.now();
    const row = await (SCENARIOS[name] as () => Promise<Row>)();
    console.log(JSON.stringify({ name, seconds: Math.round((Date.now() - began) / 1000), ...row }));
    rows.push(row);
  }
  console.log('\n| scenario | queued | delivered | lost | duplicated (bound) | also shown |\n| --- | --: | --: | --: | --- | --- |');
  for (const r of rows) {
    console.log(`| ${r.scenario} | ${r.tally.queued} | ${r.tally.delivered} | ${r.tally.lost} | ${r.tally.duplicated} (${r.bound}) | ${r.shown} |`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
