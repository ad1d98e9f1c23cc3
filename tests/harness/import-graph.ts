import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Every file's imports: repository-relative paths for our own files, bare names for packages. */
export type ImportGraph = Map<string, { local: string[]; packages: string[] }>;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function resolveLocal(from: string, spec: string): string {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return base;
}

/** Reads the TypeScript sources under `roots` with the compiler's own pre-processor (static, type-only and dynamic imports). */
export function importGraph(repo: string, roots: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of roots.flatMap((r) => tsFiles(join(repo, r)))) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const local: string[] = [];
    const packages: string[] = [];
    for (const { fileName } of info.importedFiles) {
      if (fileName.startsWith('.')) local.push(relative(repo, resolveLocal(file, fileName)));
      else packages.push(fileName);
    }
    graph.set(relative(repo, file), { local, packages });
  }
  return graph;
}

/** The folder a file belongs to (`src/outbox/claim.ts` → `src/outbox`). */
export const folderOf = (file: string): string => dirname(file);

/** Pairs of folders that import each other, e.g. `src/a ↔ src/b`. */
export function twoWayFolderCycles(graph: ImportGraph): string[] {
  const edges = new Set<string>();
  for (const [file, { local }] of graph) {
    for (const target of local) if (folderOf(file) !== folderOf(target)) edges.add(`${folderOf(file)} → ${folderOf(target)}`);
  }
  const found: string[] = [];
  for (const edge of edges) {
    const [a, b] = edge.split(' → ') as [string, string];
    if (a < b && edges.has(`${b} → ${a}`)) found.push(`${a} ↔ ${b}`);
  }
  return found.sort();
}

/** File-level import cycles (each reported once, as the path that closes it). */
export function fileCycles(graph: ImportGraph): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    for (const next of graph.get(file)?.local ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next, [...path, next]);
    }
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
  return cycles;
}

/** `[importer, imported]` pairs for which `forbidden` holds. */
export function offendingImports(graph: ImportGraph, forbidden: (from: string, to: string) => boolean): string[] {
  const out: string[] = [];
  for (const [file, { local, packages }] of graph) {
    for (const target of [...local, ...packages]) if (forbidden(file, target)) out.push(`${file} → ${target}`);
  }
  return out;
}
