import { expect, it } from 'vitest';
import { members } from '../db/schema';
import { forEachBackend } from './harness/backends';
import { Scenario } from './harness/scenario';

const HAN = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
const withoutNames = (text: string) => text.replace(/刘川|李书记|王组长|原料物资科党小组|四川凉山|发烧/g, '');

forEachBackend('/lang: a member’s own language', (get) => {
  it('the secretary, in no group, switches herself to English: the reply and a later safety alert are English; /语言 中文 switches back', async () => {
    const s = await Scenario.create(get().db, '2026-12-01', '09:00');
    expect(await s.text('李书记', '/lang en', { private: true })).toBe('Done: replies and private messages to you will be in English from now on.');
    await s.say('刘川', '/checkin 四川凉山 发烧');
    const alert = (await s.outbox('safety.unsafe')).find((r) => r.chatExternalId === '李书记');
    expect(alert?.text).toBeTruthy();
    expect(HAN.test(withoutNames(alert?.text ?? ''))).toBe(false);
    expect(await s.text('李书记', '/语言 中文', { private: true })).toBe('好的，以后用中文回复你、给你发私信。');
    const refused = await s.text('张云', '/lang fr', { private: true });
    expect(refused).toContain('语言可选 zh（中文）或 en（英文）');
    expect(refused).toContain('用法：/lang zh|en');
    const langs = await s.db.select({ name: members.name, lang: members.lang }).from(members);
    expect(langs.find((m) => m.name === '李书记')?.lang).toBe('zh');
    expect(langs.find((m) => m.name === '张云')?.lang).toBe('zh');
  });
});
