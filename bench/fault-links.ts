/** Fault scenarios about the link to Telegram (run by bench/fault.ts): the Bot API unreachable, a webhook conflict. */
import { until } from '../tests/harness/until';
import { WecomStandin } from '../tests/harness/wecom-standin';
import type { Row } from './fault-kit';
import {
  awaitReplies,
  botAnswers,
  freePort,
  health,
  logCount,
  openWorld,
  queueBroadcast,
  repliesTo,
  settle,
  sleep,
  tally,
  telegramTexts,
  withReplies,
} from './fault-kit';

/**
 * The Bot API refused at start for 25 s and again mid-run for 40 s (across a minute boundary, so a scheduler
 * tick falls inside). Meanwhile WeCom (a second platform) gets its messages and the scheduler ticks.
 */
export async function apiUnreachable(): Promise<Row> {
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
export async function webhookTaken(): Promise<Row> {
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
    const replies = await awaitReplies(world, askers, before, 90_000);
    const firstReply = world.standin.sent.find((m) => askers.some((u) => u.id === m.chat_id) && m.timestamp >= deletedAt);
    return {
      scenario: 'a second instance sets a webhook for 30 s while this one long-polls, then deletes it',
      tally: withReplies(t, askers.length, replies),
      bound: '0',
      shown:
        `${conflicts} "polling conflict (409)" log lines during the 30 s; broadcast went on meanwhile (${sentDuring}/${t.queued}); ` +
        `${askers.length} private messages sent meanwhile all answered after the delete, the first ${firstReply ? ((firstReply.timestamp - deletedAt) / 1000).toFixed(1) : '–'} s after it`,
    };
  } finally {
    await world.close();
  }
}
