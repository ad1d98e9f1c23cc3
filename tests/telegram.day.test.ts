/**
 * A full check-in day on Telegram, end to end: the real adapter (grammY + runner) against the Bot API
 * stand-in (privacy mode on, as Telegram ships bots), the real Runtime and database, a frozen clock.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkins } from '../db/schema';
import { forEachBackend } from './harness/backends';
import type { SentRecord } from './harness/telegram-standin';
import { at, DAY, GROUP, newClock, seedBranch, shown, startParam, stoppedAfterEach } from './telegram.fixture';

forEachBackend('Telegram: a check-in day in a supergroup', (get) => {
  const started = stoppedAfterEach();

  it('join by deep link, bind, prompt, replies and buttons, reminder with mentions, /unreported, summary', async () => {
    const db = get().db;
    const clock = newClock(at('07:30'));
    const seeded = await seedBranch(db, clock.now());
    const s = await started.standin();
    const bot = await started.bot(s, db, clock);
    const adapter = bot.adapter;

    // The command menu, in both languages; Chinese is also the default.
    const zhMenu = s.commandsFor({ type: 'default' }, 'zh') ?? [];
    expect(zhMenu.find((c) => c.command === 'checkin')?.description).toMatch(/报告/);
    expect(s.commandsFor({ type: 'default' }, 'en')?.find((c) => c.command === 'checkin')?.description).toMatch(/check in/i);
    expect(s.commandsFor({ type: 'default' }, '')).toEqual(zhMenu);
    expect(zhMenu.map((c) => c.command)).not.toContain('start');

    const li = s.createUser({ first_name: '李', last_name: '书记' });
    const wang = s.createUser({ first_name: '王组长' });
    const zhang = s.createUser({ first_name: '张云' }); // no username: only a text_mention can notify her
    const liu = s.createUser({ first_name: '刘川' });
    for (const user of [li, wang, zhang, liu]) s.privateChat(user);
    const group = s.createSupergroup({ title: '原料物资科党小组群' });
    const said = async (user: typeof li, chat: number, text: string, match: (m: SentRecord) => boolean, opts: { replyToMessageId?: number } = {}) => {
      const since = s.sent.length;
      s.sendText(user, chat, text, opts);
      return s.waitFor((m) => m.chat_id === chat && match(m), 3000, { since });
    };

    // Joining: the secretary and the leader open deep links built from their invite codes.
    const liLink = adapter.inviteLink(seeded.codes.li) as string;
    expect(liLink).toBe(`https://t.me/yemai_test_bot?start=${seeded.codes.li}`);
    await said(li, li.id, `/start ${startParam(liLink)}`, (m) => shown(m).includes('绑定成功：李书记'));
    await said(wang, wang.id, `/start ${startParam(adapter.inviteLink(seeded.codes.wang) as string)}`, (m) => shown(m).includes('王组长'));

    // /invite answers with the code and the one-tap link; opening it (i.e. /start CODE) binds the member.
    const invite = await said(li, li.id, '/invite 张云', (m) => shown(m).includes('张云 的新邀请码'));
    const link = /https:\/\/t\.me\/\S+/.exec(shown(invite))?.[0] as string;
    await said(zhang, zhang.id, `/start ${startParam(link)}`, (m) => shown(m).includes('绑定成功：张云'));
    await said(liu, liu.id, `/start ${seeded.codes.liu}`, (m) => shown(m).includes('绑定成功：刘川'));

    // The leader makes the supergroup the group's classroom (a command: delivered despite privacy mode).
    await said(wang, group.id, `/bind ${GROUP}`, (m) => shown(m).includes('课堂'));

    // 08:00: the prompt, with one-tap buttons.
    await bot.runtime.advance(at('07:58'), at('08:01'));
    const prompts = () => s.sent.filter((m) => m.chat_id === group.id && shown(m).includes('每日报平安：'));
    expect(prompts()).toHaveLength(1);
    const prompt = prompts()[0] as SentRecord;
    expect(shown(prompt)).toContain('应报 3 人');
    const buttons = (prompt.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual(['/checkin 平安 在岗', '/checkin 出差途中']);

    // A plain reply to the prompt is a check-in; privacy mode lets replies to the bot through.
    clock.set(at('08:10'));
    await said(zhang, group.id, '云南曲靖 在岗 一切正常', (m) => shown(m).includes('张云'), { replyToMessageId: prompt.message_id });
    // Plain chatter is not even delivered (privacy mode) and nothing answers it.
    s.sendText(zhang, group.id, '大家早上好');
    expect(s.droppedUpdates.map((d) => d.update.message?.text)).toContain('大家早上好');
    // A command addressed to this bot by name works.
    clock.set(at('09:00'));
    await said(wang, group.id, '/checkin@yemai_test_bot 云南玉溪 在岗', (m) => shown(m).includes('王组长'));

    // 12:00: the reminder @-mentions only the silent one, with a text_mention that notifies him.
    await bot.runtime.advance(at('11:58'), at('12:01'));
    const reminders = s.sent.filter((m) => m.chat_id === group.id && shown(m).includes('未报平安'));
    expect(reminders).toHaveLength(1);
    const reminder = reminders[0] as SentRecord;
    expect(shown(reminder)).toContain('@刘川');
    expect(shown(reminder)).not.toContain('@张云');
    const mentions = (reminder.entities ?? []).filter((e) => e.type === 'text_mention');
    expect(mentions).toHaveLength(1);
    const mention = mentions[0] as { offset: number; length: number; user: { id: number } };
    expect(mention.user.id).toBe(liu.id);
    expect(shown(reminder).slice(mention.offset, mention.offset + mention.length)).toBe('@刘川');
    expect(s.sent.some((m) => m.chat_id === liu.id && shown(m).includes('还没有报平安'))).toBe(true);

    // /unreported in the group: the count there, the names privately to the leader.
    clock.set(at('12:30'));
    await said(wang, group.id, '/unreported', (m) => shown(m).includes('未报 1 人'));
    await s.waitFor((m) => m.chat_id === wang.id && shown(m).includes('刘川'));

    // One tap on the prompt's button: the press is answered and becomes his check-in.
    const since = s.sent.length;
    s.pressButton(liu, group.id, prompt.message_id, '/checkin 平安 在岗');
    await s.waitFor((m) => m.chat_id === group.id && shown(m).includes('刘川'), 3000, { since });
    expect(s.callbackAnswers).toHaveLength(1);
    await said(wang, group.id, '/unreported', (m) => shown(m).includes('全部已报平安'));

    // 18:00 reminds nobody; 21:00 posts the summary. (Only the minutes around each slot are ticked through.)
    await bot.runtime.advance(at('17:58'), at('18:01'));
    await bot.runtime.advance(at('20:58'), at('21:01'));
    expect(s.sent.filter((m) => m.chat_id === group.id && shown(m).includes('未报平安'))).toHaveLength(1);
    await s.waitFor((m) => m.chat_id === group.id && shown(m).includes('应报 3 人，已报 3 人'));
    expect(prompts()).toHaveLength(1);

    const rows = await db
      .select()
      .from(checkins)
      .where(and(eq(checkins.localDate, DAY)));
    expect(rows).toHaveLength(3);
    expect(s.calls.filter((c) => c.status !== undefined && c.status >= 400 && c.method !== 'answerCallbackQuery')).toEqual([]);
  });
});

describe('Telegram fixture sanity', () => {
  it('builds zoned instants for the test day', () => {
    expect(at('08:00').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });
});
