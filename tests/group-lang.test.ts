/**
 * A group set to `lang en` is answered in English: commands in its classroom and its members' private chats, through
 * the real Telegram adapter against the Bot API stand-in. A member's own `lang en` still wins in a Chinese group.
 */
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { members } from '../db/schema';
import { forEachBackend } from './harness/backends';
import type { SentRecord } from './harness/telegram-standin';
import { at, GROUP, newClock, seedBranch, shown, stoppedAfterEach } from './telegram.fixture';

const HAN = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
/** A reply written in English: the group's and people's names aside, no Chinese words or full-width punctuation. */
const english = (text: string) => !HAN.test(text.replace(/原料物资科党小组|第一党支部|李书记|王组长|张云|刘川/g, ''));

forEachBackend('A group with lang en answers commands in English on Telegram', (get) => {
  const started = stoppedAfterEach();

  it('help, check-in, a bad argument and /my in the classroom and privately are English; a Chinese group stays Chinese', async () => {
    const db = get().db;
    const clock = newClock(at('09:00'));
    const seeded = await seedBranch(db, clock.now());
    const s = await started.standin();
    const bot = await started.bot(s, db, clock);
    const [wang, zhang] = [s.createUser({ first_name: '王组长' }), s.createUser({ first_name: '张云' })];
    for (const user of [wang, zhang]) s.privateChat(user);
    const group = s.createSupergroup({ title: 'Station chat' });
    const said = async (user: typeof wang, chat: number, text: string, last = (_: SentRecord) => true): Promise<SentRecord> => {
      const since = s.sent.length;
      s.sendText(user, chat, text);
      await s.waitFor((m) => m.chat_id === chat && last(m), 3000, { since });
      return s.sent[since] as SentRecord;
    };
    await said(wang, wang.id, `/start ${seeded.codes.wang}`);
    await said(zhang, zhang.id, `/start ${seeded.codes.zhang}`);
    await said(wang, group.id, `/bind ${GROUP}`);

    // Before the switch the group is Chinese.
    expect(shown(await said(zhang, group.id, '/help'))).toMatch(/可用的命令/);

    // The change is confirmed in the language it was asked in; what follows is English.
    expect(shown(await said(wang, group.id, '/settings lang en'))).toBe('Group language set to English.');
    const replies = [
      await said(zhang, group.id, '/help'),
      await said(zhang, group.id, '/checkin Qujing on duty'),
      await said(zhang, group.id, '/my abc'),
      await said(zhang, zhang.id, '/my'),
      await said(wang, group.id, '/unreported', (m) => shown(m) === 'Sent to you in a private chat.'),
      await said(zhang, group.id, '/nosuch'),
    ].map(shown);
    expect(replies[0]).toMatch(/^Commands for a member:/);
    expect(replies[1]).toMatch(/Recorded 张云's check-in/);
    expect(replies[2]).toMatch(/^Wrong arguments: .*\nUsage: \/my/);
    expect(replies[5]).toMatch(/^There is no \/nosuch command/);
    for (const text of replies) expect(english(text), text).toBe(true);

    // Notices to a member of an English group are English too, not only the answers to their commands.
    const since = s.sent.length;
    await said(zhang, group.id, '/leave 2026-12-10 2026-12-11 family visit');
    await bot.runtime.dispatcher.drain();
    const notice = await s.waitFor((m) => m.chat_id === wang.id && shown(m).includes('#1'), 5000, { since });
    expect(shown(notice)).toMatch(/leave/i);
    expect(english(shown(notice)), shown(notice)).toBe(true);

    // A member who chose English is answered in English in a Chinese group too.
    await said(wang, group.id, '/settings lang zh');
    expect(shown(await said(wang, group.id, '/help'))).toMatch(/可用的命令/);
    await db.update(members).set({ lang: 'en' }).where(eq(members.name, '张云'));
    expect(shown(await said(zhang, group.id, '/help'))).toMatch(/^Commands for a member:/);
  });
});
