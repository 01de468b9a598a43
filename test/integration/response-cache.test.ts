import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type App, createApp, MAX_CACHED_REQUEST_BYTES, ResponseGeneration } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { applySchema, writeSource } from '../../src/import/load.ts';
import type { ClaimFact, NodeFact, SourceFacts } from '../../src/import/model.ts';
import { createLogger } from '../../src/logger.ts';
import { CypherScripts } from '../../src/neo4j/cypher-scripts.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';

// The response cache over a real Neo4j: whether an answer came from the cache is told by the
// Cypher round trips the request cost (none for a hit). Every fact below is invented.
//
//   ada ─MAINTAINS→ widget ←MAINTAINS─ bob
//   ada ─MAINTAINS→ gadget
const SOURCE = 'fixture/response-cache.md@0000000';
const observed = { observedAt: '2024-01-01' };
const person = (id: string, name: string): NodeFact => ({
  label: 'Person',
  id,
  name,
  aliases: [],
  props: {},
});
const project = (id: string, name: string): NodeFact => ({
  label: 'Project',
  id,
  name,
  aliases: [],
  props: {},
});
const ada = person('person:gh:ada-cache', 'Ada Cache');
const bob = person('person:gh:bob-cache', 'Bob Cache');
const widget = project('project:cache-widget', 'Cache Widget');
const gadget = project('project:cache-gadget', 'Cache Gadget');
const maintains = (from: NodeFact, to: NodeFact, line: number): ClaimFact => ({
  type: 'MAINTAINS',
  from: { label: from.label, id: from.id },
  to: { label: to.label, id: to.id },
  line,
  key: `MAINTAINS|${from.id}|${to.id}|L${line}`,
  props: observed,
});
const claims = [maintains(ada, widget, 1), maintains(bob, widget, 2), maintains(ada, gadget, 3)];
const facts: SourceFacts = { sourceId: SOURCE, nodes: [ada, bob, widget, gadget], claims, rejected: [] };

const PROJECT = `query Project($id: ID!) {
  project(id: $id) { name maintainers(first: 10) { edges { node { name } } } }
}`;

const neo = inject('neo4j');
let driver: Driver;
let roundTrips = 0;
let graph: GraphExecutor;

interface Answer {
  data?: { project: { name: string; maintainers: { edges: { node: { name: string } }[] } } | null } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The answer and how many Cypher round trips it cost (0: it came from the cache). */
async function ask(
  app: App,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ body: Answer; roundTrips: number }> {
  const before = roundTrips;
  const body = JSON.stringify({ query, variables });
  const response = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    // As node:http hands it on: the server reads the size from the header.
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  });
  expect(response.status).toBe(200);
  return { body: (await response.json()) as Answer, roundTrips: roundTrips - before };
}

function cachedApp(ttlMs = 60_000): { app: App; responses: ResponseGeneration } {
  const responses = new ResponseGeneration();
  const api = { ...loadConfig({}).api, responseCacheTtlMs: ttlMs };
  return { app: createApp({ graph, logger: createLogger('silent'), api, responses }), responses };
}

async function rename(id: string, name: string): Promise<void> {
  await graph.write('MATCH (n {id: $id}) SET n.name = $name', { id, name });
}

beforeAll(async () => {
  driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), { disableLosslessIntegers: true });
  graph = new GraphExecutor(driver, {
    database: neo.database,
    queryTimeoutMs: 30_000,
    onRoundTrip: () => {
      roundTrips += 1;
    },
  });
  await graph.write('MATCH (n) DETACH DELETE n');
  const scripts = new CypherScripts();
  await applySchema(graph, scripts);
  await writeSource(graph, scripts, facts, {
    kind: 'file',
    repository: 'example/fixture',
    path: 'response-cache.md',
    commit: '0'.repeat(40),
    url: `https://github.com/example/fixture/blob/${'0'.repeat(40)}/response-cache.md`,
    sha256: 'fixture',
  });
});

afterAll(async () => {
  await driver?.close();
});

describe('response cache', () => {
  it('answers the same query and variables a second time from the cache, with the same data', async () => {
    const { app } = cachedApp();
    const first = await ask(app, PROJECT, { id: widget.id });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.project?.name).toBe('Cache Widget');
    expect(first.roundTrips).toBeGreaterThan(0);

    const second = await ask(app, PROJECT, { id: widget.id });
    expect(second.roundTrips).toBe(0);
    expect(second.body).toEqual(first.body);
  });

  it(`answers requests of more than ${MAX_CACHED_REQUEST_BYTES} bytes without the cache, every time`, async () => {
    const { app } = cachedApp();
    // An unused variable pads the request: the answer is the same, only its size differs.
    const padding = 'x'.repeat(MAX_CACHED_REQUEST_BYTES);
    const first = await ask(app, PROJECT, { id: widget.id, padding });
    expect(first.body.data?.project?.name).toBe('Cache Widget');
    const second = await ask(app, PROJECT, { id: widget.id, padding });
    expect(second.roundTrips).toBeGreaterThan(0);
    expect(second.body).toEqual(first.body);
    // The same question in a small request is cached as ever.
    await ask(app, PROJECT, { id: widget.id });
    expect((await ask(app, PROJECT, { id: widget.id })).roundTrips).toBe(0);
  });

  it('misses for different variables', async () => {
    const { app } = cachedApp();
    await ask(app, PROJECT, { id: widget.id });
    const other = await ask(app, PROJECT, { id: gadget.id });
    expect(other.roundTrips).toBeGreaterThan(0);
    expect(other.body.data?.project?.name).toBe('Cache Gadget');
  });

  it('serves the cached answer until the generation is bumped, then the fresh one', async () => {
    const { app, responses } = cachedApp();
    try {
      const before = await ask(app, PROJECT, { id: gadget.id });
      expect(before.body.data?.project?.name).toBe('Cache Gadget');

      // Changed behind the cache's back, as an import does.
      await rename(gadget.id, 'Cache Gadget Renamed');
      const stale = await ask(app, PROJECT, { id: gadget.id });
      expect(stale.roundTrips).toBe(0);
      expect(stale.body.data?.project?.name).toBe('Cache Gadget');

      responses.bump();
      const fresh = await ask(app, PROJECT, { id: gadget.id });
      expect(fresh.roundTrips).toBeGreaterThan(0);
      expect(fresh.body.data?.project?.name).toBe('Cache Gadget Renamed');
      // And the fresh answer is the one cached from then on.
      const again = await ask(app, PROJECT, { id: gadget.id });
      expect(again.roundTrips).toBe(0);
      expect(again.body).toEqual(fresh.body);
    } finally {
      await rename(gadget.id, 'Cache Gadget');
    }
  });

  it('does not cache a result with errors', async () => {
    const { app } = cachedApp();
    // The project lookup costs a round trip; the malformed global id adds an error to the result.
    const query = `query Broken($id: ID!) { project(id: $id) { name } node(id: "not a global id") { id } }`;
    const first = await ask(app, query, { id: widget.id });
    expect(first.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(first.body.data?.project?.name).toBe('Cache Widget');
    expect(first.roundTrips).toBeGreaterThan(0);

    const second = await ask(app, query, { id: widget.id });
    expect(second.roundTrips).toBe(first.roundTrips);
    expect(second.body).toEqual(first.body);
  });

  it('caches nothing when RESPONSE_CACHE_TTL_MS is 0', async () => {
    const { app } = cachedApp(0);
    const first = await ask(app, PROJECT, { id: widget.id });
    const second = await ask(app, PROJECT, { id: widget.id });
    expect(first.roundTrips).toBeGreaterThan(0);
    expect(second.roundTrips).toBe(first.roundTrips);
    expect(second.body).toEqual(first.body);
  });
});
