import type { Lang, Phrase } from '../i18n';

/**
 * One argument of a command, declared once: the words it takes from the message and its place in the usage line
 * both come from here, so a field is never named in one and forgotten in the other.
 */
export type Param<K extends string = string> = {
  key: K;
  /** How the usage line names it: 姓名 / NAME. */
  label: Phrase;
  optional?: boolean;
  /**
   * `word` (the default) one word; `id` one word with an optional leading # (`#7` and `7` name item 7);
   * `words` every word after the ones before it, joined by one space; `text` everything after the words before it
   * exactly as typed (a note or minutes keep their `|` and line breaks).
   */
  take?: 'word' | 'id' | 'words' | 'text';
};

export type ParamsDecl<K extends string = string> = {
  params?: readonly Param<K>[];
  /** `key=VALUE` options, shown after the words as `[key=LABEL]`. */
  options?: Readonly<Partial<Record<K, Phrase>>>;
  /** Said after the usage proper: the choices of a word, an example. */
  note?: Phrase;
};

type Words = { positional: string[]; named: Record<string, string>; rest: string };

/** `#7` and `7` both name item 7. */
export const idWord = (word: string | undefined): string | undefined => word?.replace(/^[#＃]/, '');

/** The text after the first `n` words, as typed. */
function textAfter(rest: string, n: number): string {
  let text = rest.trim();
  for (let i = 0; i < n; i++) text = text.replace(/^[^\s\u3000]+[\s\u3000]*/, '');
  return text.trim();
}

function take(p: Param, words: Words, index: number): string | undefined {
  const joined = p.take === 'words' ? words.positional.slice(index).join(' ') : p.take === 'text' ? textAfter(words.rest, index) : undefined;
  if (joined !== undefined) return joined === '' && p.optional ? undefined : joined;
  const word = words.positional[index];
  return p.take === 'id' ? idWord(word) : word;
}

/** The fields a command's schema checks, read from the words by its declaration. */
export function inputFromParams(decl: ParamsDecl, words: Words): Record<string, string | undefined> {
  const input: Record<string, string | undefined> = {};
  (decl.params ?? []).forEach((p, i) => {
    input[p.key] = take(p, words, i);
  });
  for (const key of Object.keys(decl.options ?? {})) input[key] = words.named[key];
  return input;
}

/** `/member add 姓名 [group=党小组]…（note）`: the head, then each declared word and option in the reader's language. */
export function usageLine(lang: Lang, head: string, decl: ParamsDecl): string {
  const params = (decl.params ?? []).map((p) => (p.optional ? `[${p.label[lang]}]` : p.label[lang]));
  const options = Object.entries(decl.options ?? {}).map(([key, label]) => `[${key}=${(label as Phrase)[lang]}]`);
  const line = [head, ...params, ...options].join(' ');
  if (!decl.note) return line;
  return lang === 'zh' ? `${line}${decl.note.zh}` : `${line} ${decl.note.en}`;
}

/** "[党小组]" at the end of a command: a group named as typed, the chat's or the asker's own when left out. */
export const GROUP_PARAM: Param<'group'> = { key: 'group', label: { zh: '党小组', en: 'GROUP' }, optional: true, take: 'text' };

/** "编号 / ID" of a leave request, a study item or a care ticket. */
export const ID_PARAM: Param<'id'> = { key: 'id', label: { zh: '编号', en: 'ID' }, take: 'id' };
export const MEETING_ID_PARAM: Param<'id'> = { key: 'id', label: { zh: '会议编号', en: 'MEETING_ID' }, take: 'id' };
