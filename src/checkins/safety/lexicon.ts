import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * A safety lexicon is data, one JSON file per language under `lexicon/`, so a secretary can add a word without
 * touching code (docs/safety.md says how). Phrases may hold `*` (up to six characters of the same clause),
 * `a+b` (urgent or attention only: both parts somewhere in the report) and `{name}` (any word of the family `name`
 * in `groups`: "{身体}*断了", "被*{伤害}").
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
  /** Word families a phrase names as `{name}`: "身体": ["手", "脚", …] lets "{身体}*断了" read "腿摔断了", "手指断了". */
  groups: z.record(z.string().regex(/^[^{}*+]+$/u), z.array(z.string().trim().min(1)).min(1)).default({}),
});
export type Lexicon = z.infer<typeof lexiconFile>;

/** The lists whose phrases may name a group. */
const PHRASE_FIELDS = ['urgent', 'attention', 'unclear', 'notNegations', 'recovery', 'mild', 'benign', 'well', 'chatter'] as const;

export const LEXICON_DIR = join(import.meta.dirname, 'lexicon');

export function parseLexicon(json: unknown, file: string): Lexicon {
  const parsed = lexiconFile.safeParse(json);
  if (!parsed.success) throw new Error(`safety lexicon ${file} is malformed: ${z.prettifyError(parsed.error)}`);
  const lexicon = parsed.data;
  for (const field of PHRASE_FIELDS) {
    for (const phrase of lexicon[field]) {
      for (const [, name] of phrase.matchAll(/\{([^{}]*)\}/gu)) {
        if (!name || !lexicon.groups[name])
          throw new Error(`safety lexicon ${file} is malformed: ${field}: "${phrase}" names a group "${name}" that \`groups\` does not define`);
      }
    }
  }
  return lexicon;
}

/** Every `*.json` in the directory, read once at start-up; a malformed file stops start-up with its name. */
export function loadLexicons(dir = LEXICON_DIR): Lexicon[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseLexicon(JSON.parse(readFileSync(join(dir, f), 'utf8')), f));
}
