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

const SEPARATORS = /[\s\u3000,，;；、。]+/;

function findStatus(text: string): { status: string; word: string } | null {
  const lower = text.toLowerCase();
  for (const [word, status] of STATUS_WORDS) if (lower.includes(word)) return { status, word };
  return null;
}

/** Whether plain text is a report at all: "好的，谢谢书记关心", "👍" or a question is not. */
export function isReport(raw: string): boolean {
  const a = assessSafety(raw);
  if (a.level !== 'none' || a.ask || a.wellAgain || findStatus(raw)) return true;
  return !a.chatter && !/[?？]\s*$/.test(raw.trim());
}

export function parseReport(raw: string): ParsedReport {
  const text = raw.trim();
  if (!text) return { place: null, status: null, unsafe: false, note: null };
  const found = findStatus(text);
  const unsafe = alerts(text);
  const parts = text.split(SEPARATORS).filter(Boolean);
  const first = parts[0] ?? '';
  // The first word is the place unless it is itself the status or a symptom ("在岗", "发烧了…").
  const firstIsPlace = parts.length > 0 && !findStatus(first) && !speaksOfHealth(first) && first.length <= 20;
  const place = firstIsPlace ? first : null;
  const rest = firstIsPlace ? parts.slice(1) : parts;
  const noteWords = rest.filter((p) => !(found && p.toLowerCase() === found.word));
  return {
    place,
    status: found?.status ?? null,
    unsafe,
    note: noteWords.length ? noteWords.join(' ') : null,
  };
}
