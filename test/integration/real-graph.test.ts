import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { importSources } from '../../src/import/importer.ts';
import { acquireInputs } from '../../src/import/run.ts';
import { consoleLog, createLogger } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { cncfDataDir, testCacheDir } from '../support/cncf-data.ts';

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
    cacheDir: testCacheDir,
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
    // The project list with every project's maintainers (one statement: look-ahead), every
    // employer they name (a node by id), every employer's projects.
    expect(small.roundTrips).toBe(3);
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
    // The body the filter names, the list with the roles, bodies, members and affiliations below
    // it (one statement), the sources the claims name.
    expect(small.roundTrips).toBe(3);
    expect(large.roundTrips).toBe(small.roundTrips);
  });

  it('are one per kind of lookup in a request, with the sub-lists each asks for in the same statement', async () => {
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
    // Lookups by name asking for maintainers' totals (the five, in one statement with their totals),
    // lookups by name asking nothing more (the TOC, the unknown project), the lookup by handle.
    expect(trips).toBe(3);
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

describe('look-ahead across levels', () => {
  type Edges<Node> = { edges: { node: Node }[] };
  const data = <T>(body: string) => (JSON.parse(body) as { data: T }).data;

  it('answers three levels in one round trip, as asking each level on its own does', async () => {
    const nested = await countRoundTrips(
      `{ p: project(name: "containerd") { maintainers(asOf: null, first: 30) { totalCount pageInfo { hasNextPage }
        edges { node { key affiliations(asOf: null, first: 3) { edges { since node { key
          maintainedProjects(asOf: null, first: 50) { totalCount edges { node { key } } } } } } } } } } }`,
      {},
    );
    expect(nested.roundTrips).toBe(1);
    type Org = { key: string; maintainedProjects: { totalCount: number } & Edges<{ key: string }> };
    type Person = { key: string; affiliations: { edges: { since: string | null; node: Org }[] } };
    const answer = data<{ p: { maintainers: { totalCount: number; pageInfo: unknown } & Edges<Person> } }>(
      nested.body,
    ).p.maintainers;

    // The same, level by level: each query reads one level only, so nothing is fetched ahead.
    const first = data<{
      p: { maintainers: { totalCount: number; pageInfo: unknown } & Edges<{ key: string }> };
    }>(
      (
        await countRoundTrips(
          `{ p: project(name: "containerd") { maintainers(asOf: null, first: 30) { totalCount pageInfo { hasNextPage }
            edges { node { key } } } } }`,
          {},
        )
      ).body,
    ).p.maintainers;
    const people = first.edges.map((edge) => edge.node.key);
    expect(people.length).toBeGreaterThan(10);
    // One query per item: the service caps aliases per request.
    const second: Record<
      string,
      { affiliations: { edges: { since: string | null; node: { key: string } }[] } }
    > = {};
    for (const [i, key] of people.entries()) {
      second[`m${i}`] = data<{ m: (typeof second)[string] }>(
        (
          await countRoundTrips(
            `{ m: person(id: "${key}") { affiliations(asOf: null, first: 3) { edges { since node { key } } } } }`,
            {},
          )
        ).body,
      ).m;
    }
    const organizations = [
      ...new Set(Object.values(second).flatMap((p) => p.affiliations.edges.map((edge) => edge.node.key))),
    ];
    const projectsOf = new Map<string, Org['maintainedProjects']>();
    for (const key of organizations) {
      const answer = data<{ o: { maintainedProjects: Org['maintainedProjects'] } }>(
        (
          await countRoundTrips(
            `{ o: organization(id: "${key}") { maintainedProjects(asOf: null, first: 50) { totalCount edges { node { key } } } } }`,
            {},
          )
        ).body,
      );
      projectsOf.set(key, answer.o.maintainedProjects);
    }
    // Thanks to the dozen organizations shared by thirty maintainers, some pages are reached twice.
    expect(organizations.length).toBeLessThan(
      Object.values(second).reduce((n, p) => n + p.affiliations.edges.length, 0),
    );
    expect(answer).toEqual({
      totalCount: first.totalCount,
      pageInfo: first.pageInfo,
      edges: people.map((key, i) => ({
        node: {
          key,
          affiliations: {
            edges: (second[`m${i}`]?.affiliations.edges ?? []).map((edge) => ({
              since: edge.since,
              node: { key: edge.node.key, maintainedProjects: projectsOf.get(edge.node.key) },
            })),
          },
        },
      })),
    });
  });

  it('keeps apart pages of the same relation asked with other days, sizes and cursors, at any depth', async () => {
    const day = '2021-06-01';
    const nested = await countRoundTrips(
      `query ($day: Date) { toc: body(name: "TOC") { members(asOf: $day, first: 100) { edges { claims { type since until }
        node { key
          then: roles(asOf: $day) { edges { roles node { key } } }
          ever: roles(asOf: null, first: 2) { pageInfo { endCursor hasNextPage } edges { node { key } } }
          ...Later } } } } }
      fragment Later on Person { later: roles(asOf: "2024-01-01") { totalCount } }`,
      { day },
    );
    expect(nested.roundTrips).toBe(1);
    type Member = {
      key: string;
      then: Edges<{ key: string }>;
      ever: { pageInfo: { endCursor: string | null; hasNextPage: boolean } } & Edges<{ key: string }>;
      later: { totalCount: number };
    };
    const members = data<{ toc: { members: { edges: { claims: unknown[]; node: Member }[] } } }>(nested.body)
      .toc.members.edges;
    // The TOC of that day: eleven people (toc/EMERITUS.md and the 2021 README).
    expect(members).toHaveLength(11);
    for (const { node } of members) {
      const alone = data<{ p: Omit<Member, 'key'> & { after: Edges<{ key: string }> } }>(
        (
          await countRoundTrips(
            `query ($day: Date, $after: String) { p: person(id: "${node.key}") {
              then: roles(asOf: $day) { edges { roles node { key } } } }
              q: person(id: "${node.key}") { ever: roles(asOf: null, first: 2) { pageInfo { endCursor hasNextPage } edges { node { key } } } }
              r: person(id: "${node.key}") { later: roles(asOf: "2024-01-01") { totalCount } }
              s: person(id: "${node.key}") { after: roles(asOf: null, first: 2, after: $after) { edges { node { key } } } } }`,
            { day, after: node.ever.pageInfo.endCursor },
          )
        ).body,
      );
      const all = alone as unknown as Record<string, Record<string, unknown>>;
      expect(node.then).toEqual(all.p?.then);
      expect(node.ever).toEqual(all.q?.ever);
      expect(node.later).toEqual(all.r?.later);
      // The cursor a prefetched page gives out leads on to the next page.
      if (node.ever.pageInfo.hasNextPage) {
        const next = ((all.s?.after as Edges<{ key: string }> | undefined)?.edges ?? []).map(
          (edge) => edge.node.key,
        );
        expect(next.length).toBeGreaterThan(0);
        expect(next).not.toContain(node.ever.edges[0]?.node.key);
      }
    }
  });

  it('reports bad arguments below at their own path, with the levels above answered', async () => {
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ p: project(name: "Envoy") { maintainers(asOf: null, first: 2) { edges { node { key
          projects(first: 1000) { totalCount } } } } } }`,
      }),
    });
    const body = (await response.json()) as {
      data: { p: { maintainers: { edges: unknown[] } } | null } | null;
      errors: { path: (string | number)[]; extensions: { code: string } }[];
    };
    expect(response.status).toBe(200);
    expect(body.errors[0]?.path).toEqual(['p', 'maintainers', 'edges', 0, 'node', 'projects']);
    expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    // projects is not nullable: the error nulls its parent node and up to the first nullable field.
    expect(body.data).not.toBeUndefined();
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

  it('links Lei Zhang to Erin Boyd through their TOC terms (toc/EMERITUS.md at ffdb528, lines 26 and 27)', async () => {
    const data = await ask<{ path: { shortest: { length: number; hops: { explanation: string }[] } } }>(
      `{ path(from: "person:gh:resouer", to: "person:gh:erinboyd") { shortest { length hops { explanation } } } }`,
    );
    expect(data.path.shortest.length).toBe(2);
    expect(data.path.shortest.hops[0]?.explanation).toMatch(
      /^Lei Zhang \(Harry\) served on the TOC, 2021-02-01 – 2023-02-01 \(.*toc\/EMERITUS\.md@ffdb528 line 27/,
    );
    expect(data.path.shortest.hops[1]?.explanation).toMatch(
      /^Erin Boyd served on the TOC, 2021-02-01 – 2023-02-01 \(.*toc\/EMERITUS\.md@ffdb528 line 26/,
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
