import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafetyAssessment } from '../../src/checkins/safety/assess';

/** What a careful leader would want for the report: alert now, ask the member, mark it, or nothing. */
export const LABELS = ['urgent', 'unclear', 'attention', 'none'] as const;
export type Label = (typeof LABELS)[number];
export const OUTCOMES = ['alert', 'ask', 'mark', 'nothing'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type CorpusLine = { file: string; label: Label; text: string };

const DIR = import.meta.dirname;

export function readCorpus(): CorpusLine[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.tsv'))
    .flatMap((file) =>
      readFileSync(join(DIR, file), 'utf8')
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith('#'))
        .map((l) => {
          const [label, text] = l.split('\t');
          if (!LABELS.includes(label as Label) || !text) throw new Error(`${file}: bad line ${JSON.stringify(l)}`);
          return { file, label: label as Label, text };
        }),
    );
}

export const outcomeOf = (a: SafetyAssessment): Outcome =>
  a.level === 'urgent' ? 'alert' : a.ask ? 'ask' : a.level === 'attention' ? 'mark' : 'nothing';

export type Score = {
  table: Record<Label, Record<Outcome, number>>;
  /** Urgent reports that raised an alert at once. */
  urgentRecall: number;
  /** Everyday reports (attention or none) that raised an alert. */
  falseAlarmRate: number;
  misses: { line: CorpusLine; outcome: Outcome }[];
  total: number;
};

const EXPECTED: Record<Label, Outcome> = { urgent: 'alert', unclear: 'ask', attention: 'mark', none: 'nothing' };

export function score(lines: CorpusLine[], assess: (text: string) => SafetyAssessment): Score {
  const table = Object.fromEntries(LABELS.map((l) => [l, Object.fromEntries(OUTCOMES.map((o) => [o, 0]))])) as Score['table'];
  const misses: Score['misses'] = [];
  for (const line of lines) {
    const outcome = outcomeOf(assess(line.text));
    table[line.label][outcome]++;
    if (outcome !== EXPECTED[line.label]) misses.push({ line, outcome });
  }
  const sum = (l: Label) => OUTCOMES.reduce((n, o) => n + table[l][o], 0);
  const everyday = sum('attention') + sum('none');
  return {
    table,
    urgentRecall: table.urgent.alert / sum('urgent'),
    falseAlarmRate: (table.attention.alert + table.none.alert) / everyday,
    misses,
    total: lines.length,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** A Markdown table, rows the labels and columns the outcomes. */
export function formatScore(s: Score): string {
  const rows = LABELS.map((l) => `| ${l} | ${OUTCOMES.map((o) => s.table[l][o]).join(' | ')} | ${OUTCOMES.reduce((n, o) => n + s.table[l][o], 0)} |`);
  return [
    `| label \\ outcome | ${OUTCOMES.join(' | ')} | total |`,
    `|---|${OUTCOMES.map(() => '---:').join('|')}|---:|`,
    ...rows,
    '',
    `${s.total} reports. Urgent recall (alert at once): ${pct(s.urgentRecall)}. False urgent alerts on everyday reports (attention + none): ${pct(s.falseAlarmRate)}.`,
  ].join('\n');
}
