import { expect, it } from 'vitest';
import { DEMO_GROUP_CHAT } from '../bots/console/demo/demo-seed';
import { forEachBackend } from './harness/backends';
import { inbound, Scenario } from './harness/scenario';

const HAN = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

forEachBackend('posts to classrooms in each group’s language', (get) => {
  it('a branch-wide meeting notice and its cancellation are English in an English group and Chinese in a Chinese one', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    const inRoom = (from: string, text: string) => s.runtime.app.handleInbound(inbound(from, text, 'Tobacco team 2', s.now()));
    expect(await s.text('李书记', '/group add 烟叶二组', { private: true })).toContain('烟叶二组');
    await inRoom('李书记', '/bind 烟叶二组');
    expect((await inRoom('李书记', '/settings lang en')).map((o) => o.text).join()).toMatch(/English/i);

    expect(await s.text('李书记', '/meeting new 党课 2026-12-10 20:00 学习党章', { private: true })).toContain('#1');
    const notices = await s.outbox('meeting.notice');
    const english = notices.find((r) => r.chatExternalId === 'Tobacco team 2')?.text ?? '';
    const chinese = notices.find((r) => r.chatExternalId === DEMO_GROUP_CHAT)?.text ?? '';
    expect(english).toMatch(/Meeting|meeting/);
    expect(HAN.test(english.replace(/学习党章/g, ''))).toBe(false);
    expect(chinese).toContain('会议通知');

    await s.say('李书记', '/meeting cancel 1', { private: true });
    const cancels = await s.outbox('meeting.cancel');
    expect(cancels.find((r) => r.chatExternalId === 'Tobacco team 2')?.text).toMatch(/^❌ Meeting #1 .*is cancelled\.$/);
    expect(cancels.find((r) => r.chatExternalId === DEMO_GROUP_CHAT)?.text).toMatch(/^❌ 会议 #1 .*已取消。$/);
  });
});
