import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand, splitArgs, splitPipes, tokenize } from '../src/commands/parser';

const WHITE = /[\s\u3000]/u;
/** Characters the parser treats specially, mixed with ordinary ones so properties hit the edges. */
const tricky = fc.string({ unit: fc.constantFrom(...'/／@ \u3000\t\n"\'“”「」『』=＝|｜aB_云打卡1') });
const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), tricky);

describe('parseCommand', () => {
  it('reads a bare command', () => {
    expect(parseCommand('/checkin')).toEqual({ word: 'checkin', addressedTo: undefined, rest: '', tokens: [] });
  });

  it('accepts the full-width slash, a Chinese alias, Chinese arguments and full-width digits', () => {
    expect(parseCommand('／打卡 云南 在岗')).toMatchObject({ word: '打卡', rest: '云南 在岗', tokens: ['云南', '在岗'] });
    expect(parseCommand('/设置 checkin.prompt ０７：３０')).toMatchObject({ word: '设置', tokens: ['checkin.prompt', '07:30'] });
    expect(parseCommand('/已学 ２ 学习体会')).toMatchObject({ word: '已学', tokens: ['2', '学习体会'] });
  });

  it('lower-cases the command word and ignores leading white space', () => {
    expect(parseCommand('  \u3000/HELP')).toMatchObject({ word: 'help', tokens: [] });
  });

  it('separates @botname from the command word', () => {
    expect(parseCommand('/checkin@yemai_bot 云南')).toMatchObject({ word: 'checkin', addressedTo: 'yemai_bot', tokens: ['云南'] });
    expect(parseCommand('/help@OtherBot')).toMatchObject({ word: 'help', addressedTo: 'OtherBot', rest: '' });
  });

  it('keeps quoted runs together, with ASCII and Chinese quotes', () => {
    const parsed = parseCommand('/member add "Li Ming" “云南 曲靖” 「在 岗」 『备 注』 \'x y\'');
    expect(parsed?.tokens).toEqual(['add', 'Li Ming', '云南 曲靖', '在 岗', '备 注', 'x y']);
  });

  it("keeps an apostrophe inside a word as typed: can't and O'Brien are words, not quotes", () => {
    expect(tokenize("my mother can't walk, O'Brien's car")).toEqual(['my', 'mother', "can't", 'walk,', "O'Brien's", 'car']);
    expect(tokenize('station="云南 曲靖" \'x y\'')).toEqual(['station=云南 曲靖', 'x y']);
  });

  it('splits on the ideographic space U+3000', () => {
    expect(parseCommand('/打卡\u3000云南\u3000\u3000在岗')?.tokens).toEqual(['云南', '在岗']);
  });

  it.each([
    ['plain text', '你好，今天在岗'],
    ['a slash alone', '/'],
    ['a slash and a space', '/ alone'],
    ['the empty string', ''],
    ['white space only', ' \u3000\n'],
    ['a double slash', '//x'],
    ['a slash later in the text', '看这里 /help'],
    ['an empty bot name', '/help@'],
    ['a bot name with a dash', '/help@my-bot'],
  ])('%s is not a command', (_what, text) => {
    expect(parseCommand(text)).toBeNull();
  });
});

describe('tokenize, splitArgs, splitPipes', () => {
  it('an unclosed quote runs to the end; an empty quote is an empty token', () => {
    expect(tokenize('a "b c')).toEqual(['a', 'b c']);
    expect(tokenize('a "" b')).toEqual(['a', '', 'b']);
  });

  it('key=value and key＝value are named (keys lower-cased); the rest stay positional in order', () => {
    const args = splitArgs(tokenize('张三 group=原料组 Role＝leader station="云南 曲靖" =x 1=2 尾'));
    expect(args.named).toEqual({ group: '原料组', role: 'leader', station: '云南 曲靖' });
    expect(args.positional).toEqual(['张三', '=x', '1=2', '尾']);
  });

  it('splits at ASCII and full-width bars and trims each part', () => {
    expect(splitPipes('a | b ｜ c')).toEqual(['a', 'b', 'c']);
    expect(splitPipes('标题｜正文|')).toEqual(['标题', '正文', '']);
  });
});

describe('parser properties', () => {
  it('parseCommand never throws; a command word is non-empty, lower-case and has no white space', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseCommand(text);
        if (parsed === null) return;
        expect(parsed.word.length).toBeGreaterThan(0);
        expect(parsed.word).toBe(parsed.word.toLowerCase());
        expect(parsed.word).not.toMatch(WHITE);
        expect(parsed.rest).toBe(parsed.rest.trim());
      }),
      { numRuns: 2000 },
    );
  });

  it('without quotes, tokens are the white-space separated words: non-empty and free of white space', () => {
    const noQuotes = anyText.map((s) => s.replace(/["'“”‘’「」『』]/gu, ''));
    fc.assert(
      fc.property(noQuotes, (text) => {
        const tokens = tokenize(text);
        for (const token of tokens) {
          expect(token).not.toBe('');
          expect(token).not.toMatch(WHITE);
        }
        expect(tokens.join('')).toBe([...text].filter((ch) => !WHITE.test(ch)).join(''));
      }),
      { numRuns: 1000 },
    );
  });

  it('quoting any words and joining them with any white space gives the words back', () => {
    const word = fc.string({ unit: 'grapheme' }).map((s) => s.replace(/"/g, ''));
    const gap = fc.constantFrom(' ', '\u3000', '  ', '\t');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, gap)), (parts) => {
        const text = parts.map(([w, g]) => `"${w}"${g}`).join('');
        expect(tokenize(text)).toEqual(parts.map(([w]) => w));
      }),
      { numRuns: 500 },
    );
  });
});
