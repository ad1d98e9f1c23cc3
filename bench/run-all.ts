/**
 * Runs every benchmark one after another, each in its own process (a PGlite holds ~0.7 GB until exit), and
 * stops at the first that fails.
 *
 *   npm run bench                              all of them, both backends
 *   npm run bench -- tick unreported           some of them
 *   BENCH_BACKENDS=postgres npm run bench      one backend (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { load, machine } from './lib';

// Issue 3 (check-ins, scheduler), then the adapters and study; each prints its figures beside its baseline.
const BENCHES = ['checkin-throughput', 'unreported', 'tick', 'telegram-updates', 'telegram-prompt', 'wechaty-roundtrip', 'wecom-roundtrip', 'study'];

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !BENCHES.includes(a));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.join(', ')}`);
  process.exit(2);
}

console.log(`benchmarks on ${machine()}, ${load()}, backends ${process.env.BENCH_BACKENDS ?? 'pglite,postgres'}`);
const summary: string[] = [];
for (const name of asked.length ? asked : BENCHES) {
  const file = resolve(import.meta.dirname, `${name}.ts`);
  const started = performance.now();
  // The same node with the same tsx loader flags this process was started with.
  const child = spawnSync(process.execPath, [...process.execArgv, file], { stdio: 'inherit', env: process.env });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  summary.push(`${name}: ${child.status === 0 ? 'ok' : `FAILED (${child.status ?? child.signal})`} in ${seconds} s`);
  if (child.status !== 0) break;
}
console.log(`\n${summary.join('\n')}`);
process.exit(summary.every((s) => s.includes(': ok')) ? 0 : 1);
