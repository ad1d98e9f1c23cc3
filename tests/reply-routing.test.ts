import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { chats } from '../db/schema';
import { replyingHandler } from '../src/app/serve';
import type { Outbound, SendResult } from '../src/chat/types';
import { DEMO_GROUP_CHAT } from '../bots/console/demo/demo-seed';
import { forEachBackend } from './harness/backends';
import { inbound, Scenario } from './harness/scenario';

forEachBackend('reply routing', (get) => {
  it('a private reply the member cannot receive (never opened a private chat) is told to the group as such', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    const original = s.adapter.send.bind(s.adapter);
    s.adapter.send = async (out: Outbound): Promise<SendResult> =>
      out.chatId === '王组长' ? { ok: false, error: "403 Forbidden: bot can't initiate conversation with a user", chatGone: true } : original(out);
    await replyingHandler(s.runtime.app, s.adapter)(inbound('王组长', '/unreported', DEMO_GROUP_CHAT, s.now()));
    const inGroup = s.adapter.to(DEMO_GROUP_CHAT).map((m) => m.text);
    expect(inGroup.at(-1)).toBe('请先私聊我一次，我才能把详情发给你。');
    expect(inGroup).not.toContain('详情已私信发给你。');
    expect(s.adapter.to('王组长')).toEqual([]);
  });

  it('the same command with a private chat that works says the details went privately', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    await replyingHandler(s.runtime.app, s.adapter)(inbound('王组长', '/unreported', DEMO_GROUP_CHAT, s.now()));
    const inGroup = s.adapter.to(DEMO_GROUP_CHAT).map((m) => m.text);
    expect(inGroup.at(-1)).toBe('详情已私信发给你。');
    expect(inGroup).not.toContain('请先私聊我一次，我才能把详情发给你。');
    expect(s.adapter.to('王组长')).toHaveLength(1);
  });

  it('the bot added back to a classroom marks it active again and answers nothing', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    const where = and(eq(chats.platform, 'console'), eq(chats.externalId, DEMO_GROUP_CHAT));
    await get().db.update(chats).set({ active: false }).where(where);
    const replies = await s.runtime.app.handleInbound({ ...inbound('王组长', '', DEMO_GROUP_CHAT, s.now()), event: 'bot-added' });
    expect(replies).toEqual([]);
    expect((await get().db.select().from(chats).where(where))[0]?.active).toBe(true);
  });
});
