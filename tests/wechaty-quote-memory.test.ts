/** The WeChat adapter's memory of what it sent, rebuilt at start from the outbox's delivered rows. */
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { outbox } from '../db/schema';
import type { Db } from '../db/client';
import { SeenIds } from '../bots/shared/seen-ids';
import { normaliseMessage, PLATFORM } from '../bots/wechaty/normalise';
import { QUOTE_SEPARATOR, RecentSent } from '../bots/wechaty/quote';
import { markSent } from '../src/outbox/claim';
import { enqueue } from '../src/outbox/enqueue';
import { recentDeliveries } from '../src/outbox/recent';
import { forEachBackend } from './harness/backends';

const ROOM = '1234@chatroom';
const NOW = new Date('2026-09-28T01:00:00Z');
const PROMPT = '☀️ 2026-09-28 星期一 每日报平安：今日应报 3 人。请回复本消息报告地点和状态';

/** Writes a row and marks it delivered under the platform's id, as the dispatcher does. */
async function delivered(db: Db, key: string, chatId: string, text: string, messageId: string, at: Date, platform = PLATFORM) {
  await enqueue(db, at, { dedupKey: key, platform, chatId, text, actions: [{ label: '平安在岗', command: '/checkin 平安 在岗' }] });
  const [row] = await db.select().from(outbox).where(eq(outbox.dedupKey, key));
  if (!row) throw new Error(`row ${key} was not written`);
  await markSent(db, row, at, messageId);
}

const quoteOf = (original: string, reply: string) => `「叶脉：${original}」\n${QUOTE_SEPARATOR}\n${reply}`;

forEachBackend('WeChat quote memory across a restart', (get) => {
  it('a reply quoting the prompt sent before the restart finds the prompt’s id; old, undelivered and other platforms’ rows are left out', async () => {
    const db = get().db;
    await delivered(db, 'old', ROOM, '上周的通知', 'old-1', new Date(NOW.getTime() - 8 * 86_400_000));
    await delivered(db, 'prompt', ROOM, PROMPT, 'prompt-1', NOW);
    await delivered(db, 'tg', '-100', PROMPT, 'tg-1', NOW, 'telegram');
    await enqueue(db, NOW, { dedupKey: 'queued', platform: PLATFORM, chatId: ROOM, text: '还没发出' });

    const remembered = await recentDeliveries(db, PLATFORM, NOW);
    expect(remembered.map((r) => r.messageId)).toEqual(['prompt-1']);

    // A fresh process: nothing in memory but what the outbox recorded. WeChat shows the prompt with its quick-reply line.
    const view = {
      id: 'reply-1',
      self: false,
      isText: true,
      text: quoteOf(`${PROMPT}\n快捷回复：平安在岗 /checkin 平安 在岗`, '云南曲靖 在岗'),
      date: new Date(NOW.getTime() + 60_000),
      talkerId: 'wxid_zhang',
      talkerName: '张云',
      room: { id: ROOM, topic: '原料物资科党小组群' },
      mentionSelf: false,
      botNames: ['叶脉'],
    };
    const ctx = (recent: RecentSent) => ({ nowMs: NOW.getTime() + 61_000, staleAfterMs: 600_000, seen: new SeenIds(), recent });
    const after = normaliseMessage(view, ctx(RecentSent.from(remembered)));
    expect(after.ok && after.msg).toMatchObject({ text: '云南曲靖 在岗', replyToMessageId: 'prompt-1' });
    // Without the rebuilt memory the same quote names no message (it only reads as addressed to the bot).
    const forgotten = normaliseMessage({ ...view, id: 'reply-2' }, ctx(new RecentSent()));
    expect(forgotten.ok && forgotten.msg).toMatchObject({ replyToMessageId: undefined, mentionsBot: true });
  });
});
