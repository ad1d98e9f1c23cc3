/**
 * A soak: an organisation lives through simulated days at an accelerated clock. Members check in (by command and
 * by replying to the prompt), back-fill yesterday, ask for leave that their leader approves, post and study
 * items — all through `handleInbound` — while the scheduler runs the day's ticks and two dispatchers (each with
 * its own adapter, as two processes would) deliver the outbox to the Telegram stand-in with its limits on and a
 * round trip. It reports throughput, command latency, peak RSS and outbox lag, then checks the invariants (one
 * check-in per member-day, one prompt per group-day, no outbox row lost or sent twice, each chat in order) and
 * exits non-zero if one breaks.
 *
 * Command replies are counted, not sent: one per check-in, they alone would exceed Telegram's 30/s; the stand-in
 * carries everything the outbox sends (prompts, reminders, summaries, private notes, study posts, leave notes).
 * The clock follows the wall clock between jumps, so pacing and the stand-in's limits run in real time; before
 * each jump the outbox is drained, so no lease runs out across a jump.
 *
 *   npx tsx bench/soak.ts   SOAK_GROUPS=100 SOAK_MEMBERS=10 SOAK_DAYS=5 SOAK_RTT=150 SOAK_CONCURRENCY=8
 *                           SOAK_GROUPS_PER_BRANCH=10 SOAK_MAX_MINUTES=15; BENCH_DATABASE_URL=postgres://… for PostgreSQL
 */
import { cpus } from 'node:os';
import { sql } from 'drizzle-orm';
import { TelegramAdapter } from '../bots/telegram/telegram.adapter';
import { rawRows } from '../db/client';
import { createApp } from '../src/app/app';
import { onDelivered } from '../src/app/features';
import { ALL_JOBS } from '../src/app/features';
import { isRequiredDay, PACKAGE_CALENDAR } from '../src/calendar/required-days';
import type { Outbound } from '../src/chat/types';
import { ControllableClock } from '../src/clock';
import { Scheduler } from '../src/jobs/scheduler';
import pino from 'pino';
import { silentLogger } from '../src/log';
import { OutboxDispatcher } from '../src/outbox/dispatcher';
import { shiftDate, zonedInstant } from '../src/time';
import { TelegramStandin } from '../tests/harness/telegram-standin';
import { checkInvariants, outboxLags } from './soak-check';
import type { SoakPerson } from './soak-org';
import { percentile, pool, seededRandom, seedSoakOrg } from './soak-org';
import { openBenchDb } from './telegram-common';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const GROUPS = env('SOAK_GROUPS', 100);
const MEMBERS = env('SOAK_MEMBERS', 10);
const DAYS = env('SOAK_DAYS', 5);
const RTT = env('SOAK_RTT', 150);
const CONCURRENCY = env('SOAK_CONCURRENCY', 8);
const PER_BRANCH = env('SOAK_GROUPS_PER_BRANCH', 10);
const MAX_MS = env('SOAK_MAX_MINUTES', 15) * 60_000;
const FIRST_DAY = '2026-12-01';
const TZ = 'Asia/Shanghai';
const REPORT = '云南曲靖 在岗 一切正常';
const NOTE = '认真学习了本章内容，体会很深，要在工作中落实。';

const started = performance.now();
const handle = await openBenchDb();
// SOAK_LOG=warn (or error, info) shows the bot's own log on stderr.
const log = process.env.SOAK_LOG ? pino({ level: process.env.SOAK_LOG }, pino.destination(2)) : silentLogger();
const clock = new ControllableClock();
clock.set(zonedInstant(FIRST_DAY, '07:00', TZ));
// The stand-in's limits on the same clock as the dispatchers' pacing: a jump ends every window for both.
const standin = await TelegramStandin.start({ enforceLimits: true, latencyMs: RTT, now: () => clock.now().getTime() });
const random = seededRandom(13);

/** Successful sends per (chat, text), as the platform saw them: a row handed over twice shows up here. */
const handed = new Map<string, number>();
const adapter = () => {
  const a = new TelegramAdapter({ token: standin.token, apiRoot: standin.apiRoot, log, commands: [] });
  const send = a.send.bind(a);
  a.send = async (out: Outbound) => {
    const result = await send(out);
    if (result.ok) handed.set(`${out.chatId}\n${out.text}`, (handed.get(`${out.chatId}\n${out.text}`) ?? 0) + 1);
    return result;
  };
  return a;
};
const dispatchers = [adapter(), adapter()].map((a) => new OutboxDispatcher({ db: handle.db, clock: clock.now, adapters: [a], log, onDelivered }));
const scheduler = new Scheduler({ db: handle.db, clock: clock.now, jobs: ALL_JOBS, log });
const app = createApp({ db: handle.db, clock: clock.now, log });

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 250);

const latencies: number[] = [];
const counts = new Map<string, number>();
const refused: string[] = [];
let seq = 0;
let trafficMs = 0;
let settleMs = 0;
let tickMs = 0;

/** One message through handleInbound, timed; `ok` tells an accepted answer from a refusal. */
async function say(p: SoakPerson, kind: string, text: string, where: 'group' | 'private', ok: RegExp, replyTo?: string): Promise<string> {
  const t = performance.now();
  const out = await app.handleInbound({
    platform: 'telegram',
    messageId: `soak-${++seq}`,
    chatId: where === 'group' ? p.groupChat : String(p.user.id),
    chatKind: where,
    senderId: String(p.user.id),
    senderName: p.user.first_name,
    text,
    mentionsBot: false,
    replyToMessageId: replyTo,
    at: clock.now(),
  });
  latencies.push(performance.now() - t);
  counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const answer = out.map((o) => o.text).join('\n');
  if (!ok.test(answer)) refused.push(`${kind} «${text}»: ${answer.slice(0, 120)}`);
  return answer;
}

async function traffic(tasks: (() => Promise<void>)[]) {
  const t = performance.now();
  await pool(tasks, CONCURRENCY);
  trafficMs += performance.now() - t;
}

/**
 * Waits until nothing is left in the outbox that is due within two minutes (in flight counts as left): rows put
 * back for a few seconds of per-chat pacing must go before the clock jumps hours, or their lag would count the jump.
 */
async function settle(what: string) {
  const t = performance.now();
  // A large organisation's reminders take many minutes at the platform's pace: give up only when nothing moves.
  let left = Number.POSITIVE_INFINITY;
  let movedAt = t;
  for (;;) {
    const soon = new Date(clock.now().getTime() + 120_000).toISOString();
    const [row] = await rawRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from outbox where status = 'pending' and available_at <= ${soon}::timestamptz`,
    );
    if (Number(row?.n) === 0) break;
    if (Number(row?.n) < left) [left, movedAt] = [Number(row?.n), performance.now()];
    if (performance.now() - movedAt > 120_000) {
      const waiting = await rawRows<Record<string, unknown>>(
        handle.db,
        sql`select attempts, locked_until is not null as leased, left(coalesce(last_error, ''), 80) as error, count(*)::int as n
            from outbox where status = 'pending' group by 1, 2, 3 order by n desc limit 5`,
      );
      throw new Error(`${what}: the outbox stopped draining (${left} rows left for 2 minutes): ${JSON.stringify(waiting)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  settleMs += performance.now() - t;
}

async function at(day: string, time: string) {
  if (performance.now() - started > MAX_MS) throw new Error(`soak ran past SOAK_MAX_MINUTES at ${day} ${time}`);
  await settle(`before ${day} ${time}`);
  clock.set(zonedInstant(day, time, TZ));
  const t = performance.now();
  const r = await scheduler.tick(clock.now());
  tickMs += performance.now() - t;
  if (r.failed) throw new Error(`tick ${day} ${time}: ${r.failed} slots failed`);
  await settle(`after the ${day} ${time} tick`);
}

const org = await seedSoakOrg(handle.db, standin, GROUPS, MEMBERS, PER_BRANCH);

/** Same-run baseline: the bare upsert a check-in ends in, as many at once as the traffic, on a day outside the soak. */
async function bareUpserts(): Promise<{ sorted: number[]; perSecond: number }> {
  const out: number[] = [];
  const t0 = performance.now();
  const people = org.people.slice(0, 400);
  await pool(
    people.map((p) => async () => {
      const t = performance.now();
      await handle.db.execute(sql`insert into checkins (member_id, group_id, local_date, place, status, unsafe, note, raw_text, late, reported_at, updated_at)
        values (${p.memberId}, ${p.groupId}, '2000-01-03', '云南曲靖', '在岗', false, '一切正常', ${REPORT}, false, now(), now())
        on conflict (member_id, local_date) do update set note = excluded.note`);
      out.push(performance.now() - t);
    }),
    CONCURRENCY,
  );
  const perSecond = people.length / ((performance.now() - t0) / 1000);
  await handle.db.execute(sql`delete from checkins where local_date = '2000-01-03'`);
  return { sorted: out.sort((a, b) => a - b), perSecond };
}
await bareUpserts(); // warm-up
const bare = await bareUpserts();
const seededAt = performance.now();
for (const d of dispatchers) d.start(100);

const accepted = new Set<string>();
const promptDays = new Set<string>();
const onLeave = new Map<number, Set<string>>();
const leaveInGroup = new Map<number, string>(); // group → last day of its current leave
const study = new Map<number, { id: number; until: string; done: Set<number> }>();
const reported = /✅/;
let requiredDays = 0;

for (let i = 0; i < DAYS; i++) {
  const day = shiftDate(FIRST_DAY, i);
  const yesterday = shiftDate(day, -1);
  const required = isRequiredDay(day, 'workdays', PACKAGE_CALENDAR);
  const expected = (p: SoakPerson, d: string) => !onLeave.get(p.memberId)?.has(d);
  let late: SoakPerson[] = [];
  await at(day, '08:00');
  if (required) {
    requiredDays++;
    for (const g of org.groupChats.keys()) promptDays.add(`${g}|${day}`);
    const promptIds = new Map(
      (
        await rawRows<{ chat: string; mid: string }>(
          handle.db,
          sql`select chat_external_id as chat, platform_message_id as mid from outbox where purpose = 'checkin.prompt' and purpose_ref->>'localDate' = ${day}`,
        )
      ).map((r) => [r.chat, r.mid]),
    );
    late = [];
    const morning: (() => Promise<void>)[] = [];
    const leaves: { p: SoakPerson; from: string; to: string }[] = [];
    for (const p of org.people) {
      const roll = random();
      if (
        i > 0 &&
        isRequiredDay(yesterday, 'workdays', PACKAGE_CALENDAR) &&
        expected(p, yesterday) &&
        !accepted.has(`${p.memberId}|${yesterday}`) &&
        roll < 0.5
      )
        morning.push(async () => {
          if (reported.test(await say(p, 'back-fill', `/checkin ${yesterday} ${REPORT} 昨天忘了`, 'group', reported)))
            accepted.add(`${p.memberId}|${yesterday}`);
        });
      if (!expected(p, day)) continue;
      const when = random();
      if (when < 0.8) {
        const byReply = random() < 0.5 && promptIds.has(p.groupChat);
        morning.push(async () => {
          const answer = byReply
            ? await say(p, 'reply to the prompt', REPORT, 'group', reported, promptIds.get(p.groupChat))
            : await say(p, '/checkin', `/checkin ${REPORT}`, 'group', reported);
          if (reported.test(answer)) accepted.add(`${p.memberId}|${day}`);
          if (random() < 0.05) await say(p, '/checkin edit', `/checkin 云南昆明 出差 开会`, 'group', reported);
        });
      } else if (when < 0.9) late.push(p);
      // A few ask for tomorrow and the day after off, one at a time per group; leaders never do (theirs goes to the secretary).
      const busy = (leaveInGroup.get(p.groupId) ?? '') >= day;
      if (!p.leader && !busy && random() < 0.01) {
        leaves.push({ p, from: shiftDate(day, 1), to: shiftDate(day, 2) });
        leaveInGroup.set(p.groupId, shiftDate(day, 2));
      }
    }
    // Study: every fifth required day each group's leader posts an item due in three days; members study it meanwhile.
    if ((requiredDays - 1) % 5 === 0)
      for (const leader of org.people.filter((p) => p.leader))
        morning.push(async () => {
          const answer = await say(leader, '/study post', `/study post 小组学习 | 第${requiredDays}章 | ${shiftDate(day, 3)}`, 'group', /#\d+/);
          const id = Number(/#(\d+)/.exec(answer)?.[1]);
          if (id) study.set(leader.groupId, { id, until: shiftDate(day, 3), done: new Set() });
        });
    for (const p of org.people) {
      const item = study.get(p.groupId);
      if (item && item.until >= day && !item.done.has(p.memberId) && random() < 0.4) {
        item.done.add(p.memberId);
        morning.push(async () => void (await say(p, '/studied', `/studied ${item.id} ${NOTE}`, 'group', /./)));
      }
    }
    for (const { p, from, to } of leaves)
      morning.push(async () => {
        const answer = await say(p, '/leave', `/leave ${from} ${to} 回家探亲`, 'private', /#\d+/);
        const id = /#(\d+)/.exec(answer)?.[1];
        const leader = org.people.find((x) => x.groupId === p.groupId && x.leader) as SoakPerson;
        if (!id) return;
        const approved = await say(leader, '/approve', `/approve ${id}`, 'private', /#\d+/);
        if (/#\d+/.test(approved)) onLeave.set(p.memberId, new Set([from, to]));
      });
    await traffic(morning);
  }
  // 08:30 is Monday's weekly digest, 09:00 other notices; neither has traffic of its own.
  for (const time of ['08:30', '09:00']) await at(day, time);
  if (required) {
    await at(day, '12:00');
    await traffic(
      late.map((p) => async () => {
        if (reported.test(await say(p, 'after the reminder', `/checkin ${REPORT}`, 'group', reported))) accepted.add(`${p.memberId}|${day}`);
      }),
    );
  }
  for (const time of ['18:00', '20:00', '21:00']) await at(day, time);
}
await settle('at the end');
const endedAt = performance.now();
for (const d of dispatchers) await d.stop();
clearInterval(sampler);

const standinIds = new Map<string, Set<number>>();
for (const s of standin.sent) standinIds.set(String(s.chat_id), (standinIds.get(String(s.chat_id)) ?? new Set()).add(s.message_id));
const broken = await checkInvariants(handle.db, { checkins: accepted, promptDays, handed, standinIds });
const lags = await outboxLags(handle.db);
latencies.sort((a, b) => a - b);
const commands = latencies.length;
const soakS = (endedAt - seededAt) / 1000;
const rowsSent = lags.length;
const f = (x: number, d = 0) => x.toFixed(d);
const lines = [
  `Soak: ${GROUPS} groups × ${MEMBERS} members (${org.people.length + org.secretaries.length} people, ${org.secretaries.length} branches), ${DAYS} simulated days from ${FIRST_DAY} (${requiredDays} required), ${handle.label}, stand-in ${RTT} ms round trip with Telegram's limits, 2 dispatchers, ${CONCURRENCY} commands at once, ${cpus().length} CPUs.`,
  `Seeding ${f((seededAt - started) / 1000, 1)} s; soak ${f(soakS, 1)} s = traffic ${f(trafficMs / 1000, 1)} s + ticks ${f(tickMs / 1000, 1)} s + waiting for the outbox ${f(settleMs / 1000, 1)} s.`,
  '',
  '| what | value | same-run baseline |',
  '|---|---:|---:|',
  `| commands through handleInbound | ${commands} (${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}) | |`,
  `| command throughput while traffic ran | ${f(commands / (trafficMs / 1000), 1)}/s | bare check-in upsert, ${CONCURRENCY} at once: ${f(bare.perSecond)}/s |`,
  `| command latency p50 / p95 / max | ${f(percentile(latencies, 50), 1)} / ${f(percentile(latencies, 95), 1)} / ${f(latencies.at(-1) ?? 0)} ms | bare upsert p50 / p95: ${f(percentile(bare.sorted, 50), 1)} / ${f(percentile(bare.sorted, 95), 1)} ms |`,
  `| outbox rows sent | ${rowsSent} (${f(rowsSent / (settleMs / 1000), 1)}/s while waiting for the outbox) | ideal at 28/s: ${f(rowsSent / 28, 1)} s of sending |`,
  `| outbox lag, queued → sent, p50 / p95 / max | ${f(percentile(lags, 50) / 1000, 1)} / ${f(percentile(lags, 95) / 1000, 1)} / ${f((lags.at(-1) ?? 0) / 1000, 1)} s | |`,
  `| 429s from the stand-in | ${standin.tooManyRequestsCount} | |`,
  `| peak RSS | ${f(peakRss / 1048576)} MB | |`,
  `| refused commands | ${refused.length} | |`,
  `| invariants | ${broken.length ? `BROKEN: ${broken.join('; ')}` : 'all held'} | |`,
];
process.stdout.write(`${lines.join('\n')}\n`);
for (const r of refused.slice(0, 10)) process.stdout.write(`  refused: ${r}\n`);
await standin.stop();
await handle.close();
if (broken.length || refused.length) process.exit(1);
