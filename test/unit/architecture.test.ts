import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The house's one-way layering, checked from the imports themselves (type imports included: a
 * type names a dependency as much as a value does). README's "Where things are" lists the same
 * floors; the last test holds the two together.
 *
 * Floors, top to bottom. A file may import files of its own floor and of the floors it names in
 * `uses`, never one above; and no two files may import each other, however indirectly.
 */
const FLOORS = [
  { name: 'entry', paths: ['src/main.ts', 'src/import/cli.ts', 'src/export/cli.ts'], uses: 'all' },
  {
    name: 'http',
    paths: [
      'src/app.ts',
      'src/admin.ts',
      'src/execution.ts',
      'src/client-errors.ts',
      'src/limits.ts',
      'src/persisted-operations.ts',
      'src/introspection.ts',
      'src/http-server.ts',
      'src/http-headers.ts',
      'src/observability/',
      'src/explore/',
      'src/graphiql/',
    ],
    uses: ['schema', 'export', 'graph', 'import', 'analytics', 'neo4j', 'base'],
  },
  { name: 'schema', paths: ['src/schema/'], uses: ['graph', 'analytics', 'neo4j', 'base'] },
  { name: 'export', paths: ['src/export/'], uses: ['graph', 'neo4j', 'base'] },
  { name: 'graph', paths: ['src/graph/'], uses: ['analytics', 'neo4j', 'base'] },
  { name: 'import', paths: ['src/import/'], uses: ['analytics', 'neo4j', 'base'] },
  { name: 'analytics', paths: ['src/analytics/'], uses: ['neo4j', 'base'] },
  { name: 'neo4j', paths: ['src/neo4j/'], uses: ['base'] },
  {
    name: 'base',
    paths: ['src/config.ts', 'src/logger.ts', 'src/worker-thread.ts', 'src/vocabulary/'],
    uses: [],
  },
] as const;

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** The src/ files a file imports (relative specifiers only; packages are not floors). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)))
    .filter((target) => target.startsWith('src/') && target.endsWith('.ts'));
}

/** The floor a file stands on: the most specific path that holds it (entry's files before their folders). */
function floorOf(file: string): (typeof FLOORS)[number] | undefined {
  let best: { floor: (typeof FLOORS)[number]; length: number } | undefined;
  for (const floor of FLOORS) {
    for (const place of floor.paths) {
      const holds = place.endsWith('/') ? file.startsWith(place) : file === place;
      if (holds && (!best || place.length > best.length)) best = { floor, length: place.length };
    }
  }
  return best?.floor;
}

const files = sourceFiles('src');
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('architecture', () => {
  it('puts every source file on a floor', () => {
    expect(files.filter((file) => !floorOf(file))).toEqual([]);
  });

  it('imports only downwards: a file uses its own floor and the floors below it that it names', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = floorOf(file);
      for (const target of targets) {
        const to = floorOf(target);
        if (!from || !to || from === to || from.uses === 'all') continue;
        if (!(from.uses as readonly string[]).includes(to.name))
          upward.push(`${file} (${from.name}) imports ${target} (${to.name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no import cycles in src/', () => {
    // Depth-first search; a file met again while still on the stack closes a cycle.
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      stack.push(file);
      for (const target of graph.get(file) ?? []) {
        if (state.get(target) === 'open')
          cycles.push([...stack.slice(stack.indexOf(target)), target].join(' → '));
        else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('types its resolvers through Pothos: no `as never` silences the compiler in src/', () => {
    const silenced = files.filter((file) => /\bas never\b/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(silenced).toEqual([]);
  });

  it('is what README says: every floor and every place on it is listed under "Where things are"', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Where things are');
    expect(start).toBeGreaterThanOrEqual(0);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const missing = FLOORS.flatMap((floor) => [
      ...(section.includes(`**${floor.name}**`) ? [] : [`floor ${floor.name}`]),
      ...floor.paths.filter((place) => !section.includes(`\`${place.replace(/^src\//, '')}\``)),
    ]);
    expect(missing).toEqual([]);
  });
});
