/** Prints the safety corpus table (labels × outcomes) and every report the lexicon gets wrong: `npx tsx scripts/safety-corpus.ts [FILE-PART]`. */
import { assessSafety } from '../src/checkins/safety/assess';
import { formatScore, readCorpus, score } from '../tests/safety-corpus/score';

const only = process.argv[2];
const s = score(
  readCorpus().filter((l) => !only || l.file.includes(only)),
  assessSafety,
);
console.log(formatScore(s));
for (const m of s.misses) console.log(`  ${m.line.label} → ${m.outcome}: ${m.line.text}`);
