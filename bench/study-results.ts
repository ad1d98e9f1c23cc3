import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BackendKind } from './lib';

const FILE = resolve(import.meta.dirname, 'RESULTS-study.md');
const INTRO = `# Study benchmarks

Broadcasting one study item to every classroom of a 1,000-group branch, and \`/study status\` over its 100,000
members, each beside a bare statement on the raw driver measured in the same run. One section per backend,
replaced whenever that backend is run again. The load average is printed with each run: on a shared 2-core
machine the absolute figures move a lot between runs, the ratio to the baseline of the same run much less.
`;

/** Replaces this backend's section of RESULTS-study.md, keeping the other backend's last run. */
export function writeSection(kind: BackendKind, body: string): void {
  const start = `<!-- ${kind} -->`;
  const end = `<!-- /${kind} -->`;
  const command = `BENCH_BACKENDS=${kind} npx tsx bench/study.ts`;
  const section = `${start}\n## ${kind === 'postgres' ? 'PostgreSQL server' : 'PGlite (embedded)'}\n\n\`${command}\` — ${new Date().toISOString().slice(0, 16)}Z\n\n${body}\n${end}`;
  let text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : `${INTRO}\n`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  text = from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(FILE, text);
}
