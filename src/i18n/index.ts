export type Lang = 'zh' | 'en';

export const asLang = (value: string | null | undefined): Lang => (value === 'en' ? 'en' : 'zh');

/** A bilingual phrase: Chinese first, English beside it. */
export type Phrase = { zh: string; en: string };

type TextFn = (...args: never[]) => string;
export type Catalogue = Record<string, { zh: TextFn; en: TextFn }>;
export type Texts<C extends Catalogue> = { [K in keyof C]: C[K]['zh'] };

/** One catalogue per feature, in both languages; `texts(lang)` picks the functions for one reader. */
export function defineTexts<C extends Catalogue>(catalogue: C): (lang: Lang) => Texts<C> {
  const zh = Object.fromEntries(Object.entries(catalogue).map(([k, v]) => [k, v.zh])) as Texts<C>;
  const en = Object.fromEntries(Object.entries(catalogue).map(([k, v]) => [k, v.en])) as Texts<C>;
  return (lang) => (lang === 'en' ? en : zh);
}

/** Items of a list in running text: 、 between Chinese items, a comma between English ones. */
/** Chinese lists take the enumeration comma 、; English ones a comma and a space. */
export const listSeparator = (lang: Lang): string => (lang === 'en' ? ', ' : '、');
export const joinList = (lang: Lang, items: readonly string[]): string => items.join(listSeparator(lang));

/** `label：text` in Chinese, `label: text` in English. */
export const labelled = (lang: Lang, label: string, text: string): string => `${label}${lang === 'en' ? ': ' : '：'}${text}`;

/** What the reader typed, quoted back in a refusal: cut to a few words, so a pasted page is not echoed whole. */
export const echo = (typed: string, max = 20): string => (Array.from(typed).length > max ? `${Array.from(typed).slice(0, max).join('')}…` : typed);

/** An English count with its noun: `1 person`, `3 people`; `many` defaults to the noun with an s. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** 「…」 around words in Chinese text, or “…” when the words hold 「」 themselves, so 「」 never nest. */
export const quoteZh = (text: string): string => (/[「」]/.test(text) ? `“${text}”` : `「${text}」`);
