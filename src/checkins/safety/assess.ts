import type { Lexicon } from './lexicon';
import { loadLexicons } from './lexicon';

export type SafetyLevel = 'urgent' | 'attention' | 'none';
export const SAFETY_RANK: Record<SafetyLevel, number> = { none: 0, attention: 1, urgent: 2 };

/**
 * `ask`: the text may mean trouble but does not say (e.g. "不太舒服"), so the member is asked whether they need
 * help; such a report counts as `attention` until they answer.
 */
export type SafetyAssessment = {
  level: SafetyLevel;
  ask: boolean;
  terms: string[];
  /** The text says the member is well (again): "已经好了", "平安", "fever gone". */
  wellAgain: boolean;
  /** Nothing but courtesies, emoji and punctuation ("好的，谢谢书记关心", "👍"): not a report at all. */
  chatter: boolean;
};

type Kind = 'urgent' | 'attention' | 'unclear';
type Hit = { term: string; kind: Kind; clause: number; at: number; end: number };
type Compiled = {
  lexicon: Lexicon;
  terms: { term: string; kind: Kind; parts: Pattern[] }[];
  negations: string[];
  notNegations: Pattern[];
  recovery: Pattern[];
  mild: Pattern[];
  benign: Pattern[];
  well: Pattern[];
  chatter: Pattern[];
};

const CLAUSE_END = '\\n,，。;；!！?？、:：()（）';
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A phrase's regex, and the strings one of which any match must contain (its longest plain piece, or else its
 * smallest family): most phrases are ruled out by a substring test without running the regex.
 */
type Pattern = { re: RegExp; anchors: string[] };

function phrasePattern(phrase: string, lexicon: Lexicon): Pattern {
  const gap = lexicon.words === 'latin' ? `[^${CLAUSE_END}]{0,24}?` : `[^${CLAUSE_END}\\s]{0,6}?`;
  let anchors: string[] | undefined;
  const consider = (options: string[]) => {
    const better =
      !anchors || options.length < anchors.length || (options.length === 1 && (options[0] as string).length > (anchors[0] as string).length);
    if (better) anchors = options;
  };
  // `{name}`: any word of the family, longest first; a name the file does not define was refused when it was read.
  const piece = (part: string) =>
    part
      .split(/\{([^{}]*)\}/u)
      .map((s, i) => {
        const words =
          i % 2 === 0 ? [s.toLowerCase()] : [...(lexicon.groups[s] ?? [])].map((w) => w.toLowerCase()).sort((a, b) => b.length - a.length);
        if (words.every(Boolean)) consider(words);
        return words.length === 1 && i % 2 === 0 ? escapeRegex(words[0] as string) : `(?:${words.map(escapeRegex).join('|')})`;
      })
      .join('');
  const body = phrase.split('*').map(piece).join(gap);
  const bounded = lexicon.words === 'latin' ? `(?<![a-z0-9])${body}(?![a-z0-9])` : body;
  return { re: new RegExp(bounded, 'gu'), anchors: anchors ?? [''] };
}

function compile(lexicon: Lexicon): Compiled {
  const rx = (list: string[]) => list.map((p) => phrasePattern(p, lexicon));
  const terms = (['urgent', 'attention', 'unclear'] as const).flatMap((kind) =>
    lexicon[kind].map((term) => ({ term, kind, parts: rx(term.split('+')) })),
  );
  return {
    lexicon,
    terms,
    negations: lexicon.negations.map((n) => n.toLowerCase()),
    notNegations: rx(lexicon.notNegations),
    recovery: rx(lexicon.recovery),
    mild: rx(lexicon.mild),
    benign: rx(lexicon.benign),
    well: rx([...lexicon.recovery, ...lexicon.well]),
    chatter: rx(lexicon.chatter),
  };
}

const present = (p: Pattern, text: string) => p.anchors.some((a) => text.includes(a));
const maskWith = (text: string, patterns: Pattern[]) =>
  patterns.reduce((t, p) => (present(p, t) ? t.replace(p.re, (m) => '#'.repeat(m.length)) : t), text);

function clausesOf(text: string, lexicon: Lexicon): string[] {
  // A full stop ends a clause, a decimal point ("37.5") does not.
  const ends = lexicon.words === 'latin' ? `[${CLAUSE_END}]+|\\.(?!\\d)` : `[${CLAUSE_END}\\s\\u3000]+|\\.(?!\\d)`;
  return text.split(new RegExp(ends, 'u'));
}

/** A negation just before the term in its clause ("不发烧", "没有明显不适", "not sick", "didn't get hurt"). */
function negated(c: Compiled, clause: string, at: number): boolean {
  const before = maskWith(clause.slice(0, at), c.notNegations);
  if (c.lexicon.words === 'latin') {
    const window = ` ${before
      .split(/[^a-z']+/)
      .filter(Boolean)
      .slice(-3)
      .join(' ')} `;
    return c.negations.some((n) => (n.startsWith("n'") ? window.includes(`${n} `) : window.includes(` ${n} `)));
  }
  const window = before.slice(-4);
  return c.negations.some((n) => window.includes(n));
}

function* matches(p: Pattern, text: string) {
  if (!present(p, text)) return;
  const { re } = p;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    yield { at: m.index, end: m.index + m[0].length };
    if (m[0].length === 0) re.lastIndex++;
  }
}

const DEGREES = /(\d{2}(?:\.\d)?)\s*(?:度|℃|°c|°|c\b)?/gu;

/** "烧到39度", "量了37.5": a reading in a clause that speaks of fever or temperature. */
function temperatureHits(c: Compiled, clauses: string[]): Hit[] {
  const rule = c.lexicon.temperature;
  if (!rule) return [];
  return clauses.flatMap((text, clause) => {
    if (!rule.cues.some((cue) => text.includes(cue))) return [];
    return [...text.matchAll(DEGREES)].flatMap((m) => {
      const value = Number(m[1]);
      const kind = value >= rule.urgentFrom && value < 45 ? 'urgent' : value >= rule.attentionFrom && value < rule.urgentFrom ? 'attention' : null;
      return kind ? [{ term: m[0].trim(), kind, clause, at: m.index, end: m.index + m[0].length } as Hit] : [];
    });
  });
}

/** The part's first match in any clause that is not negated. */
function firstFound(c: Compiled, part: Pattern, clauses: string[]): Omit<Hit, 'term' | 'kind'> | null {
  for (let clause = 0; clause < clauses.length; clause++) {
    const text = clauses[clause] as string;
    for (const m of matches(part, text)) if (!negated(c, text, m.at)) return { clause, ...m };
  }
  return null;
}

function hitsIn(c: Compiled, clauses: string[]): Hit[] {
  const hits: Hit[] = temperatureHits(c, clauses);
  // Most terms are ruled out by their anchors against the whole text, before any clause is looked at.
  const whole = clauses.join('\n');
  for (const { term, kind, parts } of c.terms) {
    if (!parts.every((part) => present(part, whole))) continue;
    const found = parts.map((part) => firstFound(c, part, clauses));
    const first = found[0];
    if (first && found.every(Boolean)) hits.push({ term, kind, ...first });
  }
  // A term overlapping a longer one ("不太好" in "精神不太好", "病了" in "老毛病了") gives way to it; over the same
  // span, a phrase with fewer gaps wins ("被{小虫}咬" over "被*咬" in "被蚊子咬了").
  const gaps = (h: Hit) => h.term.split('+')[0]!.split('*').length;
  const beats = (o: Hit, h: Hit) => o.end - o.at > h.end - h.at || (o.end - o.at === h.end - h.at && gaps(o) < gaps(h));
  return hits.filter((h) => !hits.some((o) => o.clause === h.clause && o.at < h.end && h.at < o.end && beats(o, h)));
}

/**
 * A recovery or "not serious" marker applies to the terms before it in its clause, or, when its clause names
 * nothing, to everything before it: it sums up ("昨天发烧，今天已经退了", "摔了一跤 擦破点皮 无大碍").
 */
function markedBy(patterns: Pattern[], clauses: string[], hits: Hit[]): Set<Hit> {
  const marked = new Set<Hit>();
  for (const [clause, text] of clauses.entries()) {
    for (const p of patterns) {
      for (const m of matches(p, text)) {
        const own = hits.filter((h) => h.clause === clause && h.at < m.at);
        const none = !hits.some((h) => h.clause === clause);
        for (const h of own.length ? own : none ? hits.filter((h) => h.clause < clause) : []) marked.add(h);
      }
    }
  }
  return marked;
}

function assessWith(c: Compiled, text: string): { level: SafetyLevel; unclear: boolean; terms: string[] } {
  const clauses = clausesOf(maskWith(text, c.benign), c.lexicon);
  const hits = hitsIn(c, clauses);
  const recovered = markedBy(c.recovery, clauses, hits);
  const mild = markedBy(c.mild, clauses, hits);
  const live = hits.filter((h) => !recovered.has(h));
  const urgent = live.filter((h) => h.kind === 'urgent' && !mild.has(h));
  const lesser = live.filter((h) => !urgent.includes(h));
  if (urgent.length) return { level: 'urgent', unclear: false, terms: urgent.map((h) => h.term) };
  const unclear = lesser.some((h) => h.kind === 'unclear');
  return { level: lesser.length ? 'attention' : 'none', unclear, terms: lesser.map((h) => h.term) };
}

const saysWell = (c: Compiled, text: string) => c.well.some((p) => matches(p, text).next().done === false);
const LEFTOVER = /\p{L}/u;
const onlyChatter = (c: Compiled, text: string) => !LEFTOVER.test(maskWith(text, c.chatter).replace(/#/g, ''));

const normalise = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[’‘]/g, "'");

/** Grades a report's text by every lexicon: the gravest reading wins. Pure; the lexicons are read once. */
export function makeAssessor(lexicons: Lexicon[]): (text: string) => SafetyAssessment {
  const compiled = lexicons.map(compile);
  return (text) => {
    const normal = normalise(text);
    const readings = compiled.map((c) => assessWith(c, normal));
    const level = readings.reduce<SafetyLevel>((a, r) => (SAFETY_RANK[r.level] > SAFETY_RANK[a] ? r.level : a), 'none');
    const terms = [...new Set(readings.filter((r) => r.level === level).flatMap((r) => r.terms))];
    const ask = level !== 'urgent' && readings.some((r) => r.unclear);
    // A text that itself leaves safety in doubt ("不平安", "not safe") does not say the member is well again.
    const wellAgain = !ask && compiled.some((c) => saysWell(c, normal));
    const chatter = compiled.some((c) => onlyChatter(c, normal));
    return { level, ask, terms, wellAgain, chatter };
  };
}

let shared: ((text: string) => SafetyAssessment) | undefined;
/** A report is read several times on its way in (parsed, graded, its first word checked): the same text, once. */
const recent = new Map<string, Readonly<SafetyAssessment>>();
const RECENT_TEXTS = 64;

/** The assessor over the lexicon files shipped in `lexicon/`. */
export function assessSafety(text: string): Readonly<SafetyAssessment> {
  shared ??= makeAssessor(loadLexicons());
  const known = recent.get(text);
  if (known) return known;
  const fresh = shared(text);
  // Shared between callers: frozen, so no caller can change what another reads.
  Object.freeze(fresh.terms);
  Object.freeze(fresh);
  if (recent.size >= RECENT_TEXTS) recent.delete(recent.keys().next().value as string);
  recent.set(text, fresh);
  return fresh;
}
