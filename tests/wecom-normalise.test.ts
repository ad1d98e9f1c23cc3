import { describe, expect, it } from 'vitest';
import { SeenIds } from '../bots/shared/seen-ids';
import { normaliseCardClick, normaliseMessage, stripBotMention } from '../bots/wecom/normalise';
import type { CallbackBody } from '../bots/wecom/normalise';
import { actionCard, markdownBodies, splitBytes, withMentions } from '../bots/wecom/render';

const ctx = (botNames: string[] = []) => ({ nowMs: Date.parse('2026-09-28T01:00:00Z'), seen: new SeenIds(), botNames });
const group = (text: string, extra: Partial<CallbackBody> = {}): CallbackBody => ({
  msgid: `m-${Math.random()}`,
  chatid: 'wrGroup',
  chattype: 'group',
  from: { userid: 'zhangyun' },
  create_time: 1_790_000_000,
  msgtype: 'text',
  text: { content: text },
  ...extra,
});

describe('WeCom inbound normaliser', () => {
  it('strips the @-mention of the bot: by name anywhere, or the leading/trailing @-word without a name', () => {
    expect(stripBotMention('@叶脉 /checkin 云南 在岗', ['叶脉'])).toBe('/checkin 云南 在岗');
    expect(stripBotMention('云南 在岗 @叶脉', ['叶脉'])).toBe('云南 在岗');
    expect(stripBotMention('@叶脉\u2005/打卡 云南', [])).toBe('/打卡 云南');
    expect(stripBotMention('四川 在岗 @叶脉', [])).toBe('四川 在岗');
    expect(stripBotMention('找 @王组长 批假', ['叶脉'])).toBe('找 @王组长 批假');
  });

  it('a group message: chat id is the chatid, sender the userid, mentionsBot, the mention stripped', () => {
    const r = normaliseMessage(group('@叶脉 /checkin 云南曲靖 在岗'), ctx(['叶脉']));
    expect(r).toMatchObject({
      ok: true,
      msg: { platform: 'wecom', chatId: 'wrGroup', chatKind: 'group', senderId: 'zhangyun', text: '/checkin 云南曲靖 在岗', mentionsBot: true },
    });
    expect(r.ok && r.msg.at.toISOString()).toBe(new Date(1_790_000_000 * 1000).toISOString());
  });

  it('a 1:1 message has no chatid: the chat is the person (replies go to the userid)', () => {
    const r = normaliseMessage(
      { msgid: 'p1', chattype: 'single', from: { userid: 'liuchuan' }, msgtype: 'text', text: { content: '@别人 四川 在岗' } },
      ctx(),
    );
    expect(r).toMatchObject({ ok: true, msg: { chatId: 'liuchuan', chatKind: 'private', text: '@别人 四川 在岗', mentionsBot: false } });
  });

  it('voice is text (with what was heard), mixed uses its text parts, a quote is left out, others are skipped', () => {
    const voice = normaliseMessage(group('', { msgtype: 'voice', text: undefined, voice: { content: '@叶脉 四川凉山 在岗' } }), ctx(['叶脉']));
    expect(voice).toMatchObject({ ok: true, heard: '四川凉山 在岗', msg: { text: '四川凉山 在岗' } });
    const mixed = normaliseMessage(
      group('', {
        msgtype: 'mixed',
        text: undefined,
        mixed: { msg_item: [{ msgtype: 'image' }, { msgtype: 'text', text: { content: '@叶脉 云南 在岗 路上拍的' } }] },
      }),
      ctx(['叶脉']),
    );
    expect(mixed).toMatchObject({ ok: true, msg: { text: '云南 在岗 路上拍的' } });
    const quoted = normaliseMessage(
      { ...group('@叶脉 同意'), quote: { msgtype: 'text', text: { content: '☀️ 每日报平安' } } } as CallbackBody,
      ctx(['叶脉']),
    );
    expect(quoted).toMatchObject({ ok: true, msg: { text: '同意' } });
    expect(normaliseMessage(group('', { msgtype: 'image', text: undefined }), ctx())).toEqual({ ok: false, reason: 'not text' });
    expect(normaliseMessage(group('@叶脉'), ctx(['叶脉']))).toEqual({ ok: false, reason: 'empty' });
  });

  it('de-duplicates by msgid', () => {
    const c = ctx();
    const body = group('@叶脉 /today');
    expect(normaliseMessage(body, c).ok).toBe(true);
    expect(normaliseMessage(body, c)).toEqual({ ok: false, reason: 'duplicate' });
  });

  it('a card click is the button key said by the clicker; the key is read in both shapes', () => {
    const sdkShape = {
      msgid: 'e1',
      chattype: 'single',
      from: { userid: 'wangzz' },
      msgtype: 'event',
      event: { eventtype: 'template_card_event', event_key: '/approve 3' },
    };
    const nested = {
      msgid: 'e2',
      chatid: 'wrGroup',
      chattype: 'group',
      from: { userid: 'zhangyun' },
      msgtype: 'event',
      event: { eventtype: 'template_card_event', template_card_event: { event_key: '/checkin 平安 在岗' } },
    };
    expect(normaliseCardClick(sdkShape, ctx())).toMatchObject({
      ok: true,
      msg: { chatId: 'wangzz', senderId: 'wangzz', text: '/approve 3', chatKind: 'private' },
    });
    expect(normaliseCardClick(nested, ctx())).toMatchObject({
      ok: true,
      msg: { chatId: 'wrGroup', senderId: 'zhangyun', text: '/checkin 平安 在岗' },
    });
    expect(normaliseCardClick({ ...sdkShape, msgid: 'e3', event: { eventtype: 'template_card_event', event_key: 'ok' } }, ctx())).toMatchObject({
      ok: false,
    });
  });
});

describe('WeCom outbound rendering', () => {
  it('mentions as <@userid> after the text; ids that are not ids are left out', () => {
    expect(
      withMentions('⏰ 还有 2 人未报平安，请尽快报告：', [
        { externalId: 'liuchuan', name: '刘川' },
        { externalId: 'wangzz', name: '王组长' },
      ]),
    ).toBe('⏰ 还有 2 人未报平安，请尽快报告：\n<@liuchuan> <@wangzz>');
    expect(withMentions('x', [{ externalId: 'a b>', name: '?' }])).toBe('x');
  });

  it('long markdown is split on lines within the byte limit, never inside a character', () => {
    const text = Array.from({ length: 400 }, (_, i) => `第 ${i} 行：云南曲靖 在岗 一切正常`).join('\n');
    const parts = splitBytes(text, 4000);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(4000);
    expect(parts.join('\n')).toBe(text);
    const one = splitBytes('汉'.repeat(3000), 4000);
    expect(one.join('')).toBe('汉'.repeat(3000));
    expect(markdownBodies('hi')).toEqual([{ msgtype: 'markdown', markdown: { content: 'hi' } }]);
  });

  it('actions become a button card whose keys are the commands; none without command actions', () => {
    const card = actionCard(
      '☀️ 2026-09-28 每日报平安：今天应报 3 人，请大家按时报告，注意安全\n第二行',
      [
        { label: '平安在岗', command: '/checkin 平安 在岗' },
        { label: '出差途中', command: '/checkin 出差途中' },
      ],
      'seed',
    );
    expect(card?.template_card.card_type).toBe('button_interaction');
    expect(card?.template_card.button_list.map((b) => b.key)).toEqual(['/checkin 平安 在岗', '/checkin 出差途中']);
    expect([...(card?.template_card.main_title.title ?? '')].length).toBeLessThanOrEqual(26);
    expect(card?.template_card.task_id).toMatch(/^[\w@-]{1,128}$/);
    expect(actionCard('x', [{ label: 'web', command: 'https://example.invalid' }], 's')).toBeNull();
    expect(actionCard('x', undefined, 's')).toBeNull();
  });
});
