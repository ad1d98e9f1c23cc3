/** Reads a free-text status report ("云南曲靖 在岗 一切正常", "发烧了在宾馆休息") into its parts. */

import { assessSafety } from './safety/assess';

export type ParsedReport = { place: string | null; status: string | null; unsafe: boolean; note: string | null };

/** `unsafe`: the report may mean trouble — urgent, or unclear enough that the member is asked. */
const alerts = (text: string) => {
  const a = assessSafety(text);
  return a.level === 'urgent' || a.ask;
};
const speaksOfHealth = (text: string) => assessSafety(text).level !== 'none';

/** Work statuses, longest first so "出差途中" wins over "途中". Each maps to the word we store. */
const STATUS_WORDS: [word: string, status: string][] = [
  ['出差途中', '出差途中'],
  ['在途', '出差途中'],
  ['途中', '出差途中'],
  ['路上', '出差途中'],
  ['返厂', '返厂'],
  ['回厂', '返厂'],
  ['在厂', '返厂'],
  ['休假', '休假'],
  ['轮休', '休假'],
  ['在岗', '在岗'],
  ['上班', '在岗'],
  ['收购', '在岗'],
  ['平安', '平安'],
  ['on duty', '在岗'],
  ['travelling', '出差途中'],
  ['traveling', '出差途中'],
  ['on leave', '休假'],
  ['safe', '平安'],
];

// An English status is a whole word: "unsafe" does not say "safe".
const ENGLISH_WORD = new Map(STATUS_WORDS.filter(([w]) => /^[a-z ]+$/.test(w)).map(([w]) => [w, new RegExp(`\\b${w}\\b`)]));
const indexOfWord = (text: string, word: string) => ENGLISH_WORD.get(word)?.exec(text)?.index ?? (ENGLISH_WORD.has(word) ? -1 : text.indexOf(word));

/**
 * The work status said first ("福建 在岗 休假中代报" is 在岗); at the same place the longest ("出差途中" over "途中").
 * 平安 / safe says how the member is, not where they work: it is the status only when no other is given.
 */
function findStatus(text: string): { status: string; word: string } | null {
  const lower = text.toLowerCase();
  const first = (words: typeof STATUS_WORDS) => {
    let best: { status: string; word: string; at: number } | null = null;
    for (const [word, status] of words) {
      const at = indexOfWord(lower, word);
      if (at >= 0 && (!best || at < best.at || (at === best.at && word.length > best.word.length))) best = { status, word, at };
    }
    return best && { status: best.status, word: best.word };
  };
  // "not safe", "不平安", "unsafe" say the opposite.
  const negated = /\b(not|isn't|no longer)\s+safe\b|不平安|不太平安/.test(lower);
  return first(STATUS_WORDS.filter(([, s]) => s !== '平安')) ?? (negated ? null : first(STATUS_WORDS.filter(([, s]) => s === '平安')));
}

/** Whether plain text is a report at all: "好的，谢谢书记关心", "👍" or a question is not. */
export function isReport(raw: string): boolean {
  const a = assessSafety(raw);
  if (a.level !== 'none' || a.ask || a.wellAgain || findStatus(raw)) return true;
  return !a.chatter && !/[?？]\s*$/.test(raw.trim());
}

const SEPARATOR_CHARS = String.raw`\s\u3000,，;；、。`;
const escaped = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The first place the status word stands as a word of its own: "在岗" in "云南 在岗 好", not in "在岗位上". */
const statusAsWord = (word: string) => new RegExp(`(^|[${SEPARATOR_CHARS}])${escaped(word)}(?=[${SEPARATOR_CHARS}]|$)`, 'i');

/** The note as the member wrote it, punctuation kept ("好多了，心情不错"), with doubled or dangling separators tidied. */
function tidyNote(text: string): string | null {
  const note = text
    .replace(/[\s\u3000]*([,，;；、。])(?:[\s\u3000]*[,，;；、。])*[\s\u3000]*/g, (_, p: string) => (/[,;]/.test(p) ? `${p} ` : p))
    .replace(/[\s\u3000]+/g, ' ')
    .replace(new RegExp(`^[${SEPARATOR_CHARS}]+|[${SEPARATOR_CHARS}]+$`, 'g'), '');
  return note || null;
}

// An English sentence starts with words like these, not with a place.
const NOT_A_PLACE = new Set([
  'i',
  "i'm",
  'im',
  'my',
  'me',
  'we',
  "we're",
  'not',
  'no',
  'the',
  'a',
  'an',
  'feeling',
  'feel',
  'just',
  'still',
  'all',
  'it',
  "it's",
  'very',
  'so',
  'today',
  'got',
  'had',
  'have',
  'am',
  'is',
  'need',
  'please',
]);

/**
 * The place comes first: the first comma-separated part when the report has commas ("Qujing Yunnan, on duty,
 * all well"), else the first word ("云南曲靖 在岗 一切正常") — unless it is itself the status or a symptom.
 */
function placeOf(text: string): { place: string; rest: string } | null {
  const comma = /[,，;；]/.exec(text);
  const part = comma ? text.slice(0, comma.index).trim() : '';
  const word = text.split(/[\s\u3000,，;；、。]+/)[0] ?? '';
  if (NOT_A_PLACE.has(word.toLowerCase())) return null;
  // A first part naming a symptom: "Kunming injured" has a place before it, "food poisoning" does not.
  const symptomFirst = speaksOfHealth(part) && !speaksOfHealth(part.slice(word.length));
  if (symptomFirst) return null;
  const head = part && part.length <= 30 && !findStatus(part) && !speaksOfHealth(part) ? part : word;
  if (!head || head.length > 30 || findStatus(head) || speaksOfHealth(head) || (head === word && head.length > 20)) return null;
  return { place: head.replace(/[\s\u3000]+/g, ' '), rest: text.slice(text.indexOf(head) + head.length) };
}

export function parseReport(raw: string): ParsedReport {
  const text = raw.trim();
  if (!text) return { place: null, status: null, unsafe: false, note: null };
  const found = findStatus(text);
  const unsafe = alerts(text);
  const placed = placeOf(text);
  const rest = placed ? placed.rest : text;
  const withoutStatus = found ? rest.replace(statusAsWord(found.word), '$1') : rest;
  return { place: placed?.place ?? null, status: found?.status ?? null, unsafe, note: tidyNote(withoutStatus) };
}
