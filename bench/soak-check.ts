/** The soak's end-of-run invariants, read from the database and the stand-in; each failure is a sentence. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rawRows } from '../db/client';

export type Delivered = Map<string, number>;

const n = (v: unknown) => Number(v ?? 0);

export async function checkInvariants(
  db: Db,
  expect: { checkins: Set<string>; promptDays: Set<string>; handed: Delivered; standinIds: Map<string, Set<number>> },
): Promise<string[]> {
  const broken: string[] = [];
  // One check-in per member-day, and exactly the ones the traffic had accepted.
  const rows = await rawRows<{ member_id: number; local_date: string; n: number }>(
    db,
    sql`select member_id, local_date::text as local_date, count(*)::int as n from checkins group by 1, 2`,
  );
  const twice = rows.filter((r) => n(r.n) > 1).length;
  if (twice) broken.push(`${twice} member-days have more than one check-in`);
  const stored = new Set(rows.map((r) => `${r.member_id}|${r.local_date}`));
  const lost = [...expect.checkins].filter((k) => !stored.has(k)).length;
  const extra = [...stored].filter((k) => !expect.checkins.has(k)).length;
  if (lost || extra) broken.push(`check-ins: ${lost} accepted but not stored, ${extra} stored but never accepted`);

  // One prompt per group-day, for exactly the required days.
  const prompts = await rawRows<{ k: string; n: number }>(
    db,
    sql`select (purpose_ref->>'groupId') || '|' || (purpose_ref->>'localDate') as k, count(*)::int as n from outbox where purpose = 'checkin.prompt' group by 1`,
  );
  const doubled = prompts.filter((p) => n(p.n) > 1).length;
  if (doubled) broken.push(`${doubled} group-days got more than one prompt row`);
  const promptKeys = new Set(prompts.map((p) => p.k));
  const missing = [...expect.promptDays].filter((k) => !promptKeys.has(k)).length;
  const unasked = [...promptKeys].filter((k) => !expect.promptDays.has(k)).length;
  if (missing || unasked) broken.push(`prompts: ${missing} group-days without one, ${unasked} on days not required`);

  // No outbox row lost or sent twice: every row sent, each handed to the platform successfully once, its message at the stand-in.
  const status = await rawRows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from outbox group by 1`);
  for (const s of status) if (s.status !== 'sent') broken.push(`${n(s.n)} outbox rows ${s.status} at the end`);
  const sent = await rawRows<{ id: number; chat: string; text: string; mid: string; what: string }>(
    db,
    sql`select id, chat_external_id as chat, text, platform_message_id as mid,
      purpose || ' queued ' || to_char(created_at, 'MM-DD HH24:MI:SS.MS') || ' sent ' || to_char(sent_at, 'HH24:MI:SS.MS')
        || ' attempts ' || attempts || coalesce(' «' || left(last_error, 40) || '»', '') as what
      from outbox where status = 'sent' order by id`,
  );
  const handedLeft = new Map(expect.handed);
  for (const row of sent) {
    const key = `${row.chat}\n${row.text}`;
    handedLeft.set(key, (handedLeft.get(key) ?? 0) - 1);
  }
  const sentTwice = [...handedLeft.values()].filter((v) => v > 0).reduce((a, b) => a + b, 0);
  const neverHanded = [...handedLeft.values()].filter((v) => v < 0).reduce((a, b) => a - b, 0);
  if (sentTwice) broken.push(`${sentTwice} messages handed to the platform more often than their outbox rows say`);
  if (neverHanded) broken.push(`${neverHanded} outbox rows marked sent were never handed to the platform`);
  const notArrived = sent.filter((r) => !expect.standinIds.get(r.chat)?.has(Number(r.mid))).length;
  if (notArrived) broken.push(`${notArrived} sent rows have no message at the stand-in`);

  // Each chat's messages arrived in the order they were queued.
  const lastByChat = new Map<string, (typeof sent)[number]>();
  const outOfOrder: string[] = [];
  for (const row of sent) {
    const before = lastByChat.get(row.chat);
    if (before && Number(before.mid) > Number(row.mid)) outOfOrder.push(`#${before.id} ${before.what} after #${row.id} ${row.what}`);
    lastByChat.set(row.chat, row);
  }
  if (outOfOrder.length)
    broken.push(`${outOfOrder.length} messages arrived before an earlier-queued one of their chat (e.g. ${outOfOrder.slice(0, 3).join(' | ')})`);
  return broken;
}

/** Queued-to-sent time of every sent outbox row, in milliseconds, sorted. */
export async function outboxLags(db: Db): Promise<number[]> {
  const rows = await rawRows<{ ms: number }>(
    db,
    sql`select extract(epoch from (sent_at - created_at)) * 1000 as ms from outbox where status = 'sent' order by 1`,
  );
  return rows.map((r) => n(r.ms));
}
