import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { Message } from 'grammy/types';
import { expect, it } from 'vitest';
import { DEMO_GROUP_CHAT, seedDemo } from '../bots/console/demo/demo-seed';
import { normaliseMessage } from '../bots/telegram/normalise';
import { members } from '../db/schema';
import { createRegistry } from '../src/app/app';
import { coreTexts } from '../src/commands/commands.text';
import { parseCommand } from '../src/commands/parser';
import { forEachBackend } from './harness/backends';
import { ChatHarness } from './harness/chat-harness';
import { snapshot } from './harness/snapshot';

/**
 * Hostile input across the whole grammar: every command word of the registry, as every kind of person, followed by
 * what an attacker or a clumsy thumb sends. Properties: nothing throws, nothing fails inside, no library text reaches
 * a reply, and a refusal changes nothing.
 */

const START = new Date('2026-12-01T02:00:00Z');
const PEOPLE = ['路人甲', '张云', '赵志愿', '王组长', '李书记', 'en:陈闽'] as const;

/** Every command as typed: `/name` and `/name sub`, and the Chinese aliases. */
const COMMAND_WORDS = [
  ...new Set(createRegistry().all.flatMap((def) => [def.name, ...(def.aliases ?? [])].map((w) => `/${w}${def.sub ? ` ${def.sub}` : ''}`))),
];

const NASTY = [
  "'; drop table members; --",
  '" or 1=1 --',
  '<b>x</b><script>alert(1)</script>',
  '*bold* _it_ [x](http://example.org) `code` ||spoiler||',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection attempt, sent as plain text.
  '${7*7}{{7*7}}%s%n',
  '../../etc/passwd',
  '9999-99-99',
  '1900-01-01',
  '2999-12-31',
  '2026-02-30',
  '2026-13',
  '24:61',
  '-1',
  '0',
  '99999999999999999999',
  '1e309',
  'group=川西党小组',
  'group=原料物资科党小组',
  'scope=全支部',
  '@张云',
  '@李书记',
  '#2147483648',
  'ticket=9999',
  '｜',
  '|',
];
const INVISIBLE = ['\u0000', '\u0007', '\u200b', '\u200d', '\u200e', '\u200f', '\u202e', '\u2066', '\ufeff', '\r', '\n', '\t', '\u3000', '\u00ad'];

const token = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.constantFrom(...INVISIBLE, '张', 'a', '1'), { maxLength: 8 }).map((cs) => cs.join('')),
);
const huge = fc
  .tuple(fc.constantFrom('x', '云', '🙂', '\u200b', '张云 ', "' or 1=1 "), fc.integer({ min: 1000, max: 10_000 }))
  .map(([c, n]) => c.repeat(Math.ceil(n / c.length)).slice(0, n));
const args = fc.oneof({ weight: 4, arbitrary: fc.array(token, { maxLength: 5 }).map((ts) => ts.join(' ')) }, { weight: 1, arbitrary: huge });
const text = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...COMMAND_WORDS), args).map(([c, a]) => `${c} ${a}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...COMMAND_WORDS), args).map(([c, a]) => `／${c.slice(1)}@yemai_bot ${a}`) },
  { weight: 2, arbitrary: args },
);

/** What a library says when it is let through: zod, drizzle, PostgreSQL, a JavaScript error, an object printed. */
const LIBRARY_TEXT =
  /ZodError|Invalid input|invalid_type|Expected (string|number|boolean)|TypeError|RangeError|ReferenceError|\[object Object\]|DrizzleQueryError|Failed query|syntax error at|violates|\bat \S+ \(|undefined/;

forEachBackend('hostile input through handleInbound', (get) => {
  it('every command with random, huge, invisible, injected and out-of-range arguments: no crash, no library text, no write on refusal', async () => {
    const db = get().db;
    await seedDemo(db, START);
    await db.update(members).set({ lang: 'en' }).where(eq(members.name, '陈闽'));
    const h = new ChatHarness(db, START);
    // A second group, so "another group's" names and ids exist.
    await h.say('李书记', '/group add 川西党小组');
    const refusals = (lang: 'zh' | 'en') => {
      const t = coreTexts(lang);
      return [t.badArgs('', '').split('：')[0]?.split(':')[0] ?? '', t.notBound(), t.unknownCommand('').slice(0, 3)];
    };
    let refused = 0;
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PEOPLE), text, fc.boolean(), async (person, input, inGroup) => {
        const en = person.startsWith('en:');
        const who = person.replace(/^en:/, '');
        const before = await snapshot(db);
        const out = await h.say(who, input, inGroup ? { chat: DEMO_GROUP_CHAT } : {});
        ran++;
        const texts = out.map((o) => o.text);
        for (const reply of texts) {
          expect(reply).not.toBe(coreTexts('zh').internalError());
          expect(reply).not.toBe(coreTexts('en').internalError());
          expect(reply, `reply to ${JSON.stringify(input.slice(0, 80))}`).not.toMatch(LIBRARY_TEXT);
        }
        const parsed = parseCommand(input);
        if (parsed && !parsed.addressedTo) expect(texts.length, `no answer to ${JSON.stringify(input.slice(0, 80))}`).toBeGreaterThan(0);
        const generic = texts.some((r) => refusals('zh').some((p) => p && r.startsWith(p)) || refusals('en').some((p) => p && r.startsWith(p)));
        const notAllowed = parsed ? texts.some((r) => r === coreTexts(en ? 'en' : 'zh').notAllowed(`/${parsed.word}`)) : false;
        if (generic || notAllowed) {
          refused++;
          expect(await snapshot(db), `a refusal wrote: ${JSON.stringify(input.slice(0, 80))}`).toEqual(before);
        }
        if (en && generic) for (const r of texts) expect(r).not.toMatch(/^参数有误|^没有 \//);
      }),
      { numRuns: 250 },
    );
    expect(ran).toBe(250);
    // The properties are not vacuous: many inputs were refusals whose no-write was checked.
    expect(refused).toBeGreaterThan(25);
  }, 240_000);
});

/** Telegram updates as a hostile or buggy Bot API could send them. */
const user = fc.record({ id: fc.integer({ min: 1, max: 2 ** 40 }), is_bot: fc.boolean(), first_name: fc.string({ maxLength: 20 }) });
const chat = fc.oneof(
  fc.record({ id: fc.integer({ min: -(2 ** 45), max: 2 ** 40 }), type: fc.constantFrom('private', 'group', 'supergroup', 'channel', 'unknown') }),
  fc.record({ id: fc.integer(), type: fc.constant('supergroup'), title: fc.string({ unit: 'grapheme', maxLength: 30 }) }),
);
const entity = fc.record({
  type: fc.constantFrom('bot_command', 'mention', 'text_mention', 'bold', 'url'),
  offset: fc.integer({ min: -5, max: 50 }),
  length: fc.integer({ min: -5, max: 50 }),
});
const message = fc.record(
  {
    message_id: fc.integer(),
    date: fc.integer({ min: 0, max: 2 ** 31 }),
    chat,
    from: user,
    text: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constant('/checkin@yemai_bot 云南'), fc.constant('@yemai_bot 好的')),
    caption: fc.string({ maxLength: 20 }),
    entities: fc.array(entity, { maxLength: 4 }),
    reply_to_message: fc.record({ message_id: fc.integer(), from: user }),
    migrate_to_chat_id: fc.integer(),
    edit_date: fc.integer(),
  },
  { requiredKeys: ['message_id', 'date', 'chat'] },
);

it('Telegram: malformed updates, unknown chat types, channel posts, bots, edits and group upgrades never throw; only people in private or group chats come through', () => {
  const me = { id: 42, is_bot: true, first_name: '叶脉', username: 'yemai_bot' } as never;
  fc.assert(
    fc.property(message, (m) => {
      const result = normaliseMessage(m as unknown as Message, { me, nowMs: 2 ** 31 * 1000, staleAfterMs: 2 ** 31 * 1000 });
      if (!result.ok) return;
      expect(m.from?.is_bot).toBe(false);
      expect(m.chat.type).not.toBe('channel');
      expect(['group', 'private']).toContain(result.msg.chatKind);
      expect(typeof result.msg.text).toBe('string');
    }),
    { numRuns: 2000 },
  );
});
