import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { GraphExecutor } from '../../src/graph/executor.ts';
import { importSources } from '../../src/import/importer.ts';
import { acquireInputs } from '../../src/import/run.ts';
import { consoleLog, createLogger } from '../../src/logger.ts';
import { cncfDataDir } from '../support/cncf-data.ts';

// No query shape may make the service do per-item database work: the number of Cypher round trips
// for a nested query must not grow with the number of items it returns. Measured on the real graph,
// where Kubernetes alone has over a hundred maintainers.
const neo = inject('neo4j');
let driver: Driver;
let roundTrips = 0;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), { disableLosslessIntegers: true });
  const graph = new GraphExecutor(driver, {
    database: neo.database,
    queryTimeoutMs: 60_000,
    onRoundTrip: () => {
      roundTrips += 1;
    },
  });
  const quiet = { ...consoleLog, info: () => {} };
  await graph.write('MATCH (n) DETACH DELETE n');
  const { inputs: acquiredInputs } = await acquireInputs({
    dataDir: cncfDataDir,
    cacheDir: '/nonexistent',
    log: quiet,
  });
  await importSources({
    graph,
    inputs: acquiredInputs,
    log: quiet,
  });
  // No response cache: each request must reach the graph for its round trips to be counted. The cost
  // limit is raised: these queries are deliberately large, to show batching holds at scale.
  const defaults = loadConfig({}).api;
  app = createApp({
    graph,
    logger: createLogger('silent'),
    api: { ...defaults, responseCacheTtlMs: 0, limits: { ...defaults.limits, maxCost: 10_000_000 } },
  });
});

afterAll(async () => {
  await driver?.close();
});

async function countRoundTrips(query: string, variables: Record<string, unknown>) {
  roundTrips = 0;
  const response = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return { roundTrips, body: JSON.stringify(body) };
}

describe('Cypher round trips per request', () => {
  it('stay the same whether a three-level nested query returns 5 projects or 50', async () => {
    const query = `query ($first: Int!) {
      projects(first: $first, filter: { cncf: true }, orderBy: MATURITY) {
        edges { node { name
          maintainers(first: 100) { edges { node { handle } organization { name
            maintainedProjects(first: 5) { edges { node { name } maintainerCount } }
          } } }
        } }
      }
    }`;
    const small = await countRoundTrips(query, { first: 5 });
    const large = await countRoundTrips(query, { first: 50 });
    // The larger answer really is larger: more projects, maintainers and organizations.
    expect(large.body.length).toBeGreaterThan(small.body.length * 3);
    // One round trip per level: the project list, every project's maintainers, every employer
    // they name, every employer's projects.
    expect(small.roundTrips).toBe(4);
    expect(large.roundTrips).toBe(small.roundTrips);
  });

  it('stay the same for people → roles → bodies → members, and through node lookups', async () => {
    const query = `query ($first: Int!) {
      people(first: $first, filter: { body: "TOC" }, asOf: null) {
        edges { node { name
          roles(asOf: null) { edges { node { name members(first: 5) { edges { node { name } claims { source { key } } } } } } }
          affiliations(asOf: null) { edges { node { name } } }
        } }
      }
    }`;
    const small = await countRoundTrips(query, { first: 3 });
    const large = await countRoundTrips(query, { first: 40 });
    expect(large.body.length).toBeGreaterThan(small.body.length * 3);
    expect(large.roundTrips).toBe(small.roundTrips);
  });

  it('are one for every lookup by name or handle in a request, and one for their aliased sub-lists', async () => {
    const names = ['Prometheus', 'envoy', 'CONTAINERD', 'etcd', 'Helm'];
    const query = `{ ${names
      .map(
        (name, i) =>
          `p${i}: project(name: "${name}") { name maintainers(asOf: null, first: 100) { totalCount } }`,
      )
      .join(' ')}
      toc: body(name: "toc") { name }
      lei: person(handle: "@Resouer") { name }
      unknown: project(name: "no such project") { name } }`;
    const { roundTrips: trips, body } = await countRoundTrips(query, {});
    const data = (JSON.parse(body) as { data: Record<string, { name: string } | null> }).data;
    // Case forgiven, each entity whole from the lookup itself.
    expect(names.map((_, i) => data[`p${i}`]?.name)).toEqual([
      'Prometheus',
      'Envoy',
      'containerd',
      'etcd',
      'Helm',
    ]);
    expect(data.toc?.name).toBe('TOC');
    expect(data.lei?.name).toContain('Lei Zhang');
    expect(data.unknown).toBeNull();
    // Lookups by name (all labels at once), by handle, the five maintainer pages (one loader for
    // the same arguments, whatever the alias), their totals.
    expect(trips).toBe(4);
  });

  it('skip the page when a list is asked only for its totalCount', async () => {
    const { roundTrips: trips, body } = await countRoundTrips(
      '{ projects(filter: { maturity: INCUBATING }) { totalCount } }',
      {},
    );
    expect(
      (JSON.parse(body) as { data: { projects: { totalCount: number } } }).data.projects.totalCount,
    ).toBeGreaterThan(0);
    expect(trips).toBe(1);
  });

  it('are one for a shortest path with its hops, and one for a neighbourhood shown without edges', async () => {
    const path = await countRoundTrips(
      `{ path(from: "person:gh:resouer", to: "project:kubernetes", maxHops: 4, asOf: null) {
        shortest { length hops { type claims { since until } } } } }`,
      {},
    );
    const hops = (
      JSON.parse(path.body) as {
        data: { path: { shortest: { length: number; hops: { claims: unknown[] }[] } } };
      }
    ).data.path.shortest;
    expect(hops.length).toBeGreaterThan(0);
    expect(hops.hops.every((hop) => hop.claims.length > 0)).toBe(true);
    expect(path.roundTrips).toBe(1);

    const nodesOnly = await countRoundTrips(
      '{ neighbourhood(id: "person:gh:resouer", depth: 1) { nodes { id depth } } }',
      {},
    );
    const withEdges = await countRoundTrips(
      '{ neighbourhood(id: "person:gh:resouer", depth: 2) { nodes { id } edges { id } } }',
      {},
    );
    expect(nodesOnly.roundTrips).toBe(1);
    // The centre with its first ring, the second ring, the edges.
    expect(withEdges.roundTrips).toBe(3);
  });
});

describe('look-ahead', () => {
  it('gives the same items and pages whether or not the claims and employers are read', async () => {
    const keys = (body: string, field: string) =>
      (
        JSON.parse(body) as { data: Record<string, { [f: string]: { edges: { node: { key: string } }[] } }> }
      ).data.o?.[field]?.edges.map((edge) => edge.node.key);
    for (const [root, field] of [
      ['project(name: "Kubernetes")', 'maintainers'],
      ['organization(name: "Google")', 'maintainedProjects'],
      ['organization(name: "Alibaba")', 'people'],
    ] as const) {
      for (const after of [null, 'second page']) {
        const lean = `{ o: ${root} { ${field}(asOf: null, first: 20) { edges { cursor node { key } } } } }`;
        const leanBody = (await countRoundTrips(lean, {})).body;
        // The second page: after the first page's last cursor, both ways.
        const cursor =
          after === null
            ? null
            : (
                JSON.parse(leanBody) as { data: { o: Record<string, { edges: { cursor: string }[] }> } }
              ).data.o[field]?.edges.at(-1)?.cursor;
        const args = cursor ? `, after: "${cursor}"` : '';
        const leanPage = await countRoundTrips(
          `{ o: ${root} { ${field}(asOf: null, first: 20${args}) { edges { node { key } } } } }`,
          {},
        );
        const fullPage = await countRoundTrips(
          `{ o: ${root} { ${field}(asOf: null, first: 20${args}) { edges { node { key name aliases } claims { since } } } } }`,
          {},
        );
        const leanKeys = keys(leanPage.body, field);
        expect(leanKeys?.length).toBeGreaterThan(0);
        expect(leanKeys).toEqual(keys(fullPage.body, field));
      }
    }
  });
});

describe('traversal on the real graph', () => {
  async function ask<T>(query: string): Promise<T> {
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  it('links Lei Zhang to Erin Boyd through their TOC terms (toc/EMERITUS.md lines 26 and 27)', async () => {
    const data = await ask<{ path: { shortest: { length: number; hops: { explanation: string }[] } } }>(
      `{ path(from: "person:gh:resouer", to: "person:gh:erinboyd") { shortest { length hops { explanation } } } }`,
    );
    expect(data.path.shortest.length).toBe(2);
    expect(data.path.shortest.hops[0]?.explanation).toMatch(
      /^Lei Zhang \(Harry\) served on the TOC, 2021-02-01 – 2023-02-01 \(.*toc\/EMERITUS\.md@4acc1dc line 27/,
    );
    expect(data.path.shortest.hops[1]?.explanation).toMatch(
      /^Erin Boyd served on the TOC, 2021-02-01 – 2023-02-01 \(.*toc\/EMERITUS\.md@4acc1dc line 26/,
    );
    const common = await ask<{ commonGround: { overlaps: { since: string; until: string }[] } }>(
      `{ commonGround(a: "person:gh:resouer", b: "person:gh:erinboyd") { overlaps { since until } } }`,
    );
    expect(common.commonGround.overlaps).toContainEqual({ since: '2021-02-01', until: '2023-02-01' });
  });

  it('keeps the second Lei Zhang apart: no route to the TOC through his own roles', async () => {
    const data = await ask<{ neighbourhood: { nodes: { id: string }[] } }>(
      `{ neighbourhood(id: "person:gh:stevenleizhang") { nodes { id } } }`,
    );
    expect(data.neighbourhood.nodes.map((node) => node.id).sort()).toEqual([
      'org:jdcom',
      'person:gh:stevenleizhang',
      'project:kubevela',
    ]);
  });
});
