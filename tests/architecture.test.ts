import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportGraph } from './harness/import-graph';
import { fileCycles, folderOf, importGraph, offendingImports, twoWayFolderCycles } from './harness/import-graph';

const repo = join(import.meta.dirname, '..');
const graph = importGraph(repo, ['src', 'bots', 'db', 'scripts']);

/** Chat platforms' SDKs: only `bots/` may use them. */
const PLATFORM_SDK = /^(grammy|@grammyjs\/|wechaty|file-box|@wecom\/|@juzi\/)/;

/** A feature folder is one that declares a feature (`*.feature.ts`); the composition floor is `src/app`. */
const featureFolders = new Set(
  readdirSync(join(repo, 'src'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(join(repo, 'src', d.name)).some((f) => f.endsWith('.feature.ts')))
    .map((d) => `src/${d.name}`),
);

/** Below the composition floor: every file of src/ outside src/app/ and the feature folders (port, infrastructure). */
const belowFloorImportsFeature = (g: ImportGraph, features: Set<string>) =>
  offendingImports(
    g,
    (from, to) => from.startsWith('src/') && !from.startsWith('src/app/') && !features.has(folderOf(from)) && features.has(folderOf(to)),
  );

const srcImportsOutside = (g: ImportGraph) =>
  offendingImports(g, (from, to) => from.startsWith('src/') && (to.startsWith('bots/') || to.startsWith('scripts/') || PLATFORM_SDK.test(to)));

/** A made-up tree: our files are paths with a folder, packages are bare names. */
const fake = (edges: Record<string, string[]>): ImportGraph =>
  new Map(
    Object.entries(edges).map(([file, all]) => [file, { local: all.filter((t) => t.includes('/')), packages: all.filter((t) => !t.includes('/')) }]),
  );

describe('the import graph', () => {
  it('reads the whole tree (the checks below are not vacuous)', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('src/app/app.ts')?.local).toContain('src/app/handle-inbound.ts');
    for (const f of ['src/checkins', 'src/leave', 'src/meetings', 'src/org', 'src/orglife', 'src/study']) expect(featureFolders).toContain(f);
  });

  it('src/ never imports bots/, scripts/ or a chat platform SDK', () => {
    expect(srcImportsOutside(graph)).toEqual([]);
  });

  it('has no two folders that import each other', () => {
    expect(twoWayFolderCycles(graph)).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(fileCycles(graph)).toEqual([]);
  });

  it('src/chat/ is the port alone: it imports nothing of ours', () => {
    expect(offendingImports(graph, (from, to) => folderOf(from) === 'src/chat' && to.includes('/') && !to.startsWith('src/chat/'))).toEqual([]);
    expect(existsSync(join(repo, 'src/chat/types.ts'))).toBe(true);
  });

  it('nothing below the composition floor imports a feature (the outbox, the scheduler, audience, roster, commands, the port)', () => {
    expect(belowFloorImportsFeature(graph, featureFolders)).toEqual([]);
    for (const f of ['src/outbox', 'src/jobs', 'src/audience', 'src/roster', 'src/commands', 'src/chat']) expect(featureFolders).not.toContain(f);
  });

  it('only bots/, scripts/ and the composition floor itself import src/app/', () => {
    expect(offendingImports(graph, (from, to) => to.startsWith('src/app/') && from.startsWith('src/') && !from.startsWith('src/app/'))).toEqual([]);
  });

  it('an adapter knows only the port: from src/ it takes the chat types, texts, config, log and lease, never the app, a feature or the database', () => {
    const adapterFile = (f: string) => /^bots\/(console|telegram|wechaty|wecom|shared)\//.test(f) && !f.startsWith('bots/console/demo/');
    const allowed = /^src\/(chat|i18n|lease|config\.ts|log\.ts)/;
    const reaches = (to: string) => to.startsWith('db/') || (to.startsWith('src/') && !allowed.test(to));
    expect(offendingImports(graph, (from, to) => adapterFile(from) && reaches(to))).toEqual([]);
    expect(graph.get('bots/main.ts')?.local).toContain('bots/console/demo/console-demo.ts');
  });

  it('the checks catch what they are for (a made-up tree with each fault)', () => {
    const bad = fake({
      'src/a/x.ts': ['src/b/y.ts', 'grammy'],
      'src/b/y.ts': ['src/a/x.ts', 'bots/main.ts'],
    });
    expect(twoWayFolderCycles(bad)).toEqual(['src/a ↔ src/b']);
    expect(fileCycles(bad)).toEqual(['src/a/x.ts → src/b/y.ts → src/a/x.ts']);
    expect(srcImportsOutside(bad)).toEqual(['src/a/x.ts → grammy', 'src/b/y.ts → bots/main.ts']);
    const layered = fake({
      'src/jobs/scheduler.ts': ['src/org/settings.ts'],
      'src/app/features.ts': ['src/org/org.feature.ts'],
      'src/study/post.ts': ['src/org/settings.ts'],
    });
    expect(belowFloorImportsFeature(layered, new Set(['src/org', 'src/study']))).toEqual(['src/jobs/scheduler.ts → src/org/settings.ts']);
  });
});
