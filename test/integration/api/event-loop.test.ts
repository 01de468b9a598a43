import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EVERYTHING_INTROSPECTION_TELLS } from '../../../src/introspection.ts';
import { loadFixtureGraph, PROJECTS } from '../../fixtures/graph.ts';
import { TestApi } from '../../support/graphql-client.ts';

// Documents an attacker can write within the limits (src/limits.ts), or just past them, each the
// worst of its kind for parsing, validation or compilation: none may hold the event loop for more
// than 100 ms, or every other request (and /health) waits with it.
let api: TestApi;

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await loadFixtureGraph(api.graph);
});

afterAll(async () => {
  await api?.close();
});

const MAX_BLOCKING_MS = 100;

const repeat = (count: number, piece: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => piece(i)).join(' ');

/** `levels` nested fields down from `project`: maintainers → node → projects → node → … */
function deepData(levels: number): string {
  const hops = repeat(Math.floor((levels - 2) / 3), (i) =>
    i % 2 === 0 ? 'maintainers(first: 1) { edges { node {' : 'projects(first: 1) { edges { node {',
  );
  const closing = ' } } }'.repeat(Math.floor((levels - 2) / 3));
  return `{ project(name: "${PROJECTS.widget.name}") { ${hops} name${closing} } }`;
}

const ACCEPTED: [string, string, string?][] = [
  ['the full introspection query', getIntrospectionQuery(EVERYTHING_INTROSPECTION_TELLS)],
  [
    'an `ofType` chain at the introspection depth limit',
    `{ __type(name: "Query") { ${'ofType { '.repeat(18)}name ${'} '.repeat(18)}} }`,
  ],
  [
    'inline fragments nested at the nesting limit',
    `{ ${'... on Query { '.repeat(39)}__typename ${'} '.repeat(39)}}`,
  ],
  ['a data query at the depth limit', deepData(12)],
  [
    '100 fragments spread side by side',
    `{ ${repeat(100, (i) => `...F${i}`)} } ${repeat(100, (i) => `fragment F${i} on Query { __typename }`)}`,
  ],
  [
    '480 copies of one field, each with a directive (3,900 tokens)',
    `{ ${repeat(480, () => '__typename @include(if: true)')} }`,
  ],
  ['600 operations, one of them run', repeat(600, (i) => `query Q${i} { __typename }`), 'Q7'],
];

const REFUSED: [string, string][] = [
  [
    'a chain of 1,300 `ofType`s (14 kB)',
    `{ __type(name: "Query") { ${'ofType { '.repeat(1_300)}name ${'} '.repeat(1_300)}} }`,
  ],
  ['2,000 nested list brackets', `{ nodes(ids: ${'['.repeat(1_990)}"a"${']'.repeat(1_990)}) { id } }`],
  ['780 nested inline fragments', `{ ${'... on Query { '.repeat(780)}__typename ${'} '.repeat(780)}}`],
  [
    '400 fragments spread side by side',
    `{ ${repeat(400, (i) => `...F${i}`)} } ${repeat(400, (i) => `fragment F${i} on Query { __typename }`)}`,
  ],
];

let variant = 0;

/**
 * The longest the event loop was held while the app answered `query`: the fewest of five tries,
 * each a new document (a comment makes it so; Yoga caches what it parsed and validated per text), so
 * that a moment when the machine is busy elsewhere does not count against the document.
 */
async function longestBlock(query: string, operationName?: string): Promise<{ ms: number; status: number }> {
  let ms = Number.POSITIVE_INFINITY;
  let status = 0;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await sleep(20);
    variant += 1;
    const response = await api.app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: `${query}\n# ${variant}`, operationName }),
    });
    await response.text();
    await sleep(20);
    delay.disable();
    status = response.status;
    ms = Math.min(ms, delay.max / 1e6);
  }
  return { ms, status };
}

describe('the event loop', () => {
  beforeAll(async () => {
    // Warm up: the first requests compile the app's own code paths.
    for (const [, query, operationName] of ACCEPTED) await longestBlock(query, operationName);
  });

  it.each(ACCEPTED)('is never held 100 ms by %s, which is answered', async (_name, query, operationName) => {
    const { ms, status } = await longestBlock(query, operationName);
    expect(ms).toBeLessThan(MAX_BLOCKING_MS);
    expect(status).toBe(200);
  });

  it.each(REFUSED)('is never held 100 ms by %s, which is refused', async (_name, query) => {
    const { ms, status } = await longestBlock(query);
    expect(ms).toBeLessThan(MAX_BLOCKING_MS);
    expect(status).toBe(400);
  });
});
