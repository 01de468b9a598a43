import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type App, createApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/logger.ts';
import { loadFixtureGraph, PROJECTS } from '../../fixtures/graph.ts';
import { heapInUse } from '../../support/gc.ts';
import { TestApi } from '../../support/graphql-client.ts';

// Requests with large variables leave nothing behind once answered: eight requests with a 5 MB
// variable once left 124 MB on the heap (each request's context and variables kept with the plans
// of its document, src/schema/plan.ts).
let api: TestApi;
let app: App;

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await loadFixtureGraph(api.graph);
  // The production defaults but the response cache, which keeps answers for a minute by design.
  app = createApp({
    graph: api.graph,
    logger: createLogger('silent'),
    api: { ...loadConfig({}).api, responseCacheTtlMs: 0 },
  });
});

afterAll(async () => {
  await api?.close();
});

async function post(query: string, variables: Record<string, unknown>): Promise<number> {
  const response = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  await response.text();
  return response.status;
}

const LOOKUP = 'query ($s: String) { project(name: $s) { name maintainers { totalCount } } }';

// Documents (Yoga keeps each parsed, and what is kept per document would add up), each asking a
// long list of ids, within the body limit, beside a lookup that plans the pages below it. Four
// more warm up: the first few long lists grow buffers and caches once (4.5 MB, measured), and
// later ones reuse them.
const WITH_IDS = Array.from(
  { length: 12 },
  (_, i) => `query Ids${i}($ids: [ID!]!) {
    nodes(ids: $ids) { id }
    project(name: "${PROJECTS.widget.name}") { name maintainers { totalCount edges { node { name } } } }
  }`,
);
const ids = (count: number) =>
  Array.from({ length: count }, (_, i) => encodeGlobalID('Project', `project:none-${i}`));

describe('the heap', () => {
  it('holds nothing of requests with megabytes of variables once they are answered', async () => {
    // The same documents with small variables first: what Yoga and graphql-jit keep per document
    // is there before the heap is measured.
    const warmUps = WITH_IDS.slice(0, 4);
    const documents = WITH_IDS.slice(4);
    // Variables as large as a body may be (1 MB) while holding at most 1,000 values: 900 ids, and a
    // string the document does not declare (graphql ignores it; a cache keyed by the variables'
    // JSON kept it all the same).
    const manyIds = ids(900);
    const large = (list: string[]) => ({ ids: list, unused: 'x'.repeat(800_000) });
    await post(LOOKUP, { s: PROJECTS.widget.name });
    for (const query of warmUps) expect(await post(query, large(manyIds))).toBe(200);
    for (const query of documents) expect(await post(query, { ids: ids(2) })).toBe(200);
    const before = await heapInUse();

    const fiveMegabytes = 'x'.repeat(5_000_000);
    for (let i = 0; i < 8; i += 1) expect(await post(LOOKUP, { s: `${fiveMegabytes}${i}` })).toBe(413);
    for (const query of documents) expect(await post(query, large(manyIds))).toBe(200);
    // Ordinary traffic after them.
    for (let i = 0; i < 20; i += 1) expect(await post(LOOKUP, { s: PROJECTS.gadget.name })).toBe(200);

    // 2.4 MB measured: a large buffer grown once more (large-object space), not per request.
    const after = await heapInUse();
    expect((after - before) / 1e6).toBeLessThan(5);
  });
});
