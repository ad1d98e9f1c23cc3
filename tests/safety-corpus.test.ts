import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessSafety } from '../src/checkins/safety/assess';
import { formatScore, readCorpus, score } from './safety-corpus/score';

describe('safety corpus (tests/safety-corpus/*.tsv, labelled by level)', () => {
  const lines = readCorpus();
  const s = score(lines, assessSafety);

  it('has at least 200 reports, Chinese first, some English', () => {
    expect(lines.length).toBeGreaterThanOrEqual(200);
    const zh = lines.filter((l) => l.file.startsWith('zh')).length;
    const en = lines.filter((l) => l.file.startsWith('en')).length;
    expect(zh).toBeGreaterThan(en);
    expect(en).toBeGreaterThan(20);
  });

  it('alerts at once on ≥ 97 % of urgent reports and on ≤ 3 % of everyday ones', () => {
    console.log(`\n${formatScore(s)}\n${s.misses.map((m) => `  ${m.line.label} → ${m.outcome}: ${m.line.text}`).join('\n')}`);
    if (process.env.SAFETY_TABLE_OUT) writeFileSync(process.env.SAFETY_TABLE_OUT, `${formatScore(s)}\n`);
    expect(s.urgentRecall).toBeGreaterThanOrEqual(0.97);
    expect(s.falseAlarmRate).toBeLessThanOrEqual(0.03);
  });

  it('asks the member about most unclear reports instead of guessing', () => {
    const unclear = Object.values(s.table.unclear).reduce((a, b) => a + b, 0);
    expect(s.table.unclear.ask / unclear).toBeGreaterThanOrEqual(0.8);
  });
});
