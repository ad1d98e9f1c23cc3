import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * A safety lexicon is data, one JSON file per language under `lexicon/`, so a secretary can add a word without
 * touching code (docs/safety.md says how). Phrases may hold `*` (up to six characters of the same clause) and
 * `a+b` (urgent or attention only: both parts somewhere in the report).
 */
const phrases = z.array(z.string().trim().min(1)).default([]);
const lexiconFile = z.object({
  lang: z.string().min(2),
  /** `characters`: Chinese-like, a space ends a clause and words have no spaces; `latin`: words bounded by non-letters. */
  words: z.enum(['characters', 'latin']),
  urgent: phrases,
  attention: phrases,
  unclear: phrases,
  negations: phrases,
  notNegations: phrases,
  recovery: phrases,
  mild: phrases,
  benign: phrases,
  /** Saying one is well ("平安", "一切正常"): with `recovery`, what lets a later report lower the day's level. */
  well: phrases,
  /** Courtesies that are not a report ("好的", "谢谢书记关心", "thanks"): a message of nothing else is not a check-in. */
  chatter: phrases,
  /** A body temperature ("烧到39度", "量了37.5") counts when a cue word is in the same clause. */
  temperature: z.object({ cues: phrases, urgentFrom: z.number(), attentionFrom: z.number() }).optional(),
});
export type Lexicon = z.infer<typeof lexiconFile>;

export const LEXICON_DIR = join(import.meta.dirname, 'lexicon');

export function parseLexicon(json: unknown, file: string): Lexicon {
  const parsed = lexiconFile.safeParse(json);
  if (!parsed.success) throw new Error(`safety lexicon ${file} is malformed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Every `*.json` in the directory, read once at start-up; a malformed file stops start-up with its name. */
export function loadLexicons(dir = LEXICON_DIR): Lexicon[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseLexicon(JSON.parse(readFileSync(join(dir, f), 'utf8')), f));
}
