import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { applySchema, writeSource } from '../../src/import/load.ts';
import type { ClaimFact, NodeFact, NodeLabel, Properties, SourceFacts } from '../../src/import/model.ts';
import { createLogger } from '../../src/logger.ts';
import { CypherScripts } from '../../src/neo4j/cypher-scripts.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';

// A small graph built so each traversal case has a known answer. Every fact is invented.
//
//   ada ─MAINTAINS→ widget ←MAINTAINS─ bob        two equal shortest routes ada…bob (length 2)
//   ada ─MAINTAINS→ gadget ←MAINTAINS─ bob
//   ada, cy, dee ─SERVES_ON→ toc                  ada 2021–2023, cy 2020–2022 (overlap 2021–2022),
//                                                 dee 2023-06..2024 (no overlap with ada)
//   p1─q1─p2─q2─p3─q3─p4 (MAINTAINS)              a route of exactly 6 hops
//   eve ─AFFILIATED_WITH→ acme                    unreachable from ada
//   hub ←MAINTAINS─ m01…m30                       30 neighbours, for truncation
const SOURCE = 'fixture/traversal.md@0000000';

const nodes: NodeFact[] = [];
const claims: ClaimFact[] = [];
function node(label: NodeLabel, id: string, name: string): { label: NodeLabel; id: string } {
  nodes.push({ label, id, name, aliases: [], props: {} });
  return { label, id };
}
function claim(
  type: ClaimFact['type'],
  from: { label: NodeLabel; id: string },
  to: { label: NodeLabel; id: string },
  props: Properties,
) {
  const line = claims.length + 1;
  claims.push({ type, from, to, line, key: `${type}|${from.id}|${to.id}|L${line}`, props });
}

const observed = { observedAt: '2024-01-01' };
const ada = node('Person', 'person:gh:ada-example', 'Ada Example');
const bob = node('Person', 'person:gh:bob-example', 'Bob Example');
const cy = node('Person', 'person:gh:cy-example', 'Cy Example');
const dee = node('Person', 'person:gh:dee-example', 'Dee Example');
const eve = node('Person', 'person:gh:eve-example', 'Eve Example');
const widget = node('Project', 'project:widget', 'Widget');
const gadget = node('Project', 'project:gadget', 'Gadget');
const toc = node('Body', 'body:toc', 'TOC');
const acme = node('Organization', 'org:acme', 'Acme Corp');
claim('MAINTAINS', ada, widget, observed);
claim('MAINTAINS', bob, widget, observed);
claim('MAINTAINS', ada, gadget, observed);
claim('MAINTAINS', bob, gadget, observed);
claim('SERVES_ON', ada, toc, { seat: 'member', since: '2021-01-01', until: '2023-01-01' });
claim('SERVES_ON', cy, toc, { seat: 'member', since: '2020-01-01', until: '2022-01-01' });
claim('SERVES_ON', dee, toc, { seat: 'member', since: '2023-06-01', until: '2024-01-01' });
claim('AFFILIATED_WITH', eve, acme, observed);
const chain = [
  node('Person', 'person:gh:p1', 'P One'),
  node('Project', 'project:q1', 'Q One'),
  node('Person', 'person:gh:p2', 'P Two'),
  node('Project', 'project:q2', 'Q Two'),
  node('Person', 'person:gh:p3', 'P Three'),
  node('Project', 'project:q3', 'Q Three'),
  node('Person', 'person:gh:p4', 'P Four'),
];
for (let index = 0; index < chain.length - 1; index += 2) {
  claim('MAINTAINS', chain[index] as NodeFact, chain[index + 1] as NodeFact, observed);
  claim('MAINTAINS', chain[index + 2] as NodeFact, chain[index + 1] as NodeFact, observed);
}
const hub = node('Project', 'project:hub', 'Hub');
for (let index = 1; index <= 30; index += 1) {
  claim(
    'MAINTAINS',
    node('Person', `person:gh:m${String(index).padStart(2, '0')}`, `M ${index}`),
    hub,
    observed,
  );
}
const facts: SourceFacts = { sourceId: SOURCE, nodes, claims, rejected: [] };

const neo = inject('neo4j');
let driver: Driver;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), { disableLosslessIntegers: true });
  const graph = new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 30_000 });
  await graph.write('MATCH (n) DETACH DELETE n');
  const scripts = new CypherScripts();
  await applySchema(graph, scripts);
  await writeSource(graph, scripts, facts, {
    kind: 'file',
    repository: 'example/fixture',
    path: 'traversal.md',
    commit: '0'.repeat(40),
    url: `https://github.com/example/fixture/blob/${'0'.repeat(40)}/traversal.md`,
    sha256: 'fixture',
  });
  app = createApp({ graph, logger: createLogger('silent') });
});

afterAll(async () => {
  await driver?.close();
});

async function ask<T>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const response = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data: T;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

const NAMES = `nodes { ... on Person { name } ... on Project { name } ... on Body { name } ... on Organization { name } }`;
type Route = { length: number; nodes: { name: string }[] };
const names = (route: Route) => route.nodes.map((n) => n.name).join(' > ');

describe('path', () => {
  it('gives the shortest route with every hop explained, and every equal shortest route', async () => {
    const { data } = await ask<{
      path: {
        shortest: Route & { hops: { type: string; direction: string; explanation: string }[] };
        allShortest: Route[];
      };
    }>(
      `{ path(from: "person:gh:ada-example", to: "person:gh:bob-example") {
          shortest { length ${NAMES} hops { type direction explanation } }
          allShortest { length ${NAMES} } } }`,
    );
    expect(data.path.shortest.length).toBe(2);
    expect(data.path.shortest.hops.map((hop) => [hop.type, hop.direction])).toEqual([
      ['MAINTAINS', 'FORWARD'],
      ['MAINTAINS', 'BACKWARD'],
    ]);
    expect(data.path.shortest.hops[1]?.explanation).toMatch(
      /^Bob Example maintains (Widget|Gadget), as listed on 2024-01-01 \(fixture\/traversal\.md@0000000 line \d+\)$/,
    );
    expect(data.path.allShortest.map(names).sort()).toEqual([
      'Ada Example > Gadget > Bob Example',
      'Ada Example > Widget > Bob Example',
    ]);
  });

  it('explains a TOC hop with its term, and honours asOf', async () => {
    const both = await ask<{ path: { shortest: (Route & { hops: { explanation: string }[] }) | null } }>(
      `{ path(from: "person:gh:ada-example", to: "person:gh:cy-example", asOf: "2021-06-01") { shortest { ${NAMES} hops { explanation } } } }`,
    );
    expect(both.data.path.shortest?.hops.map((hop) => hop.explanation)).toEqual([
      'Ada Example served on the TOC, 2021-01-01 – 2023-01-01 (fixture/traversal.md@0000000 line 5)',
      'Cy Example served on the TOC, 2020-01-01 – 2022-01-01 (fixture/traversal.md@0000000 line 6)',
    ]);
    // On 2023-09-01 Ada's term is over: no route to Dee through the TOC that day, but one at any time.
    const then = await ask<{ path: { shortest: Route | null } }>(
      `{ path(from: "person:gh:ada-example", to: "person:gh:dee-example", asOf: "2023-09-01") { shortest { length } } }`,
    );
    expect(then.data.path.shortest).toBeNull();
    const ever = await ask<{ path: { shortest: Route | null } }>(
      `{ path(from: "person:gh:ada-example", to: "person:gh:dee-example") { shortest { length } } }`,
    );
    expect(ever.data.path.shortest?.length).toBe(2);
  });

  it('returns no route (not an error) when none exists or none is within maxHops', async () => {
    const none = await ask<{ path: { shortest: Route | null; allShortest: Route[]; alternatives: Route[] } }>(
      `{ path(from: "person:gh:ada-example", to: "person:gh:eve-example") { shortest { length } allShortest { length } alternatives { length } } }`,
    );
    expect(none.errors).toBeUndefined();
    expect(none.data.path).toEqual({ shortest: null, allShortest: [], alternatives: [] });
    const capped = await ask<{ path: { shortest: Route | null } }>(
      `{ path(from: "person:gh:p1", to: "person:gh:p4", maxHops: 5) { shortest { length } } }`,
    );
    expect(capped.data.path.shortest).toBeNull();
    const reached = await ask<{ path: { shortest: Route | null } }>(
      `{ path(from: "person:gh:p1", to: "person:gh:p4", maxHops: 6) { shortest { length } } }`,
    );
    expect(reached.data.path.shortest?.length).toBe(6);
  });

  it('refuses a maxHops above the cap with a code that says so', async () => {
    const { errors } = await ask(
      `{ path(from: "person:gh:p1", to: "person:gh:p4", maxHops: 7) { shortest { length } } }`,
    );
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toBe('maxHops must be between 1 and 6; got 7');
  });

  it('gives distinct alternatives, shortest first', async () => {
    const { data } = await ask<{ path: { alternatives: Route[] } }>(
      `{ path(from: "person:gh:ada-example", to: "person:gh:bob-example") { alternatives(k: 3) { length ${NAMES} } } }`,
    );
    const routes = data.path.alternatives.map(names);
    expect(new Set(routes).size).toBe(routes.length);
    expect(data.path.alternatives.map((route) => route.length)).toEqual([2, 2]);
  });
});

describe('neighbourhood', () => {
  it('returns nodes and edges ready to draw, and says when a ring was cut', async () => {
    const { data } = await ask<{
      neighbourhood: {
        truncated: boolean;
        nodes: { id: string; kind: string; depth: number }[];
        edges: { source: string; target: string; type: string }[];
        elements: string;
      };
    }>(
      `{ neighbourhood(id: "project:hub", depth: 1, limitPerHop: 10) { truncated nodes { id kind depth } edges { source target type } elements } }`,
    );
    const hood = data.neighbourhood;
    expect(hood.truncated).toBe(true);
    expect(hood.nodes).toHaveLength(11);
    expect(hood.nodes[0]).toEqual({ id: 'project:hub', kind: 'PROJECT', depth: 0 });
    expect(hood.edges).toHaveLength(10);
    const ids = new Set(hood.nodes.map((n) => n.id));
    expect(
      hood.edges.every((edge) => ids.has(edge.source) && ids.has(edge.target) && edge.type === 'MAINTAINS'),
    ).toBe(true);
    const elements = JSON.parse(hood.elements) as { group: string; data: { id: string } }[];
    expect(elements.filter((element) => element.group === 'nodes')).toHaveLength(11);
  });

  it('walks rings to the requested depth and filters kinds', async () => {
    const { data } = await ask<{
      neighbourhood: { truncated: boolean; nodes: { id: string; depth: number }[] };
    }>(`{ neighbourhood(id: "person:gh:p1", depth: 3) { truncated nodes { id depth } } }`);
    expect(data.neighbourhood).toEqual({
      truncated: false,
      nodes: [
        { id: 'person:gh:p1', depth: 0 },
        { id: 'project:q1', depth: 1 },
        { id: 'person:gh:p2', depth: 2 },
        { id: 'project:q2', depth: 3 },
      ],
    });
    const people = await ask<{ neighbourhood: { nodes: { id: string }[] } }>(
      `{ neighbourhood(id: "body:toc", kinds: [PERSON], asOf: "2021-06-01") { nodes { id } } }`,
    );
    expect(people.data.neighbourhood.nodes.map((n) => n.id).sort()).toEqual([
      'body:toc',
      'person:gh:ada-example',
      'person:gh:cy-example',
    ]);
  });

  it('is null for an unknown id and refuses a depth above the cap', async () => {
    expect(
      (await ask<{ neighbourhood: null }>(`{ neighbourhood(id: "person:gh:nobody") { truncated } }`)).data
        .neighbourhood,
    ).toBeNull();
    const { errors } = await ask(`{ neighbourhood(id: "project:hub", depth: 4) { truncated } }`);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('commonGround', () => {
  it('finds shared neighbours, the overlap of two terms with its dates, and similarity scores', async () => {
    const { data } = await ask<{
      commonGround: {
        shared: { entity: { name: string } }[];
        overlaps: { since: string; until: string | null; entity: { name: string } }[];
        jaccard: number;
      };
    }>(`{ commonGround(a: "person:gh:ada-example", b: "person:gh:cy-example") {
          shared { entity { ... on Body { name } } } overlaps { since until entity { ... on Body { name } } } jaccard } }`);
    expect(data.commonGround.shared.map((s) => s.entity.name)).toEqual(['TOC']);
    expect(data.commonGround.overlaps).toEqual([
      { since: '2021-01-01', until: '2022-01-01', entity: { name: 'TOC' } },
    ]);
    // Ada: widget, gadget, toc; Cy: toc → 1 shared of 3.
    expect(data.commonGround.jaccard).toBeCloseTo(1 / 3);
  });

  it('reports no overlap for terms that did not meet, and shared projects for co-maintainers', async () => {
    const dee = await ask<{ commonGround: { overlaps: unknown[]; shared: unknown[] } }>(
      `{ commonGround(a: "person:gh:ada-example", b: "person:gh:dee-example") { overlaps { since } shared { claimsOfA { since } } } }`,
    );
    expect(dee.data.commonGround.shared).toHaveLength(1);
    expect(dee.data.commonGround.overlaps).toEqual([]);
    const bob = await ask<{ commonGround: { shared: { entity: { name: string } }[]; jaccard: number } }>(
      `{ commonGround(a: "person:gh:ada-example", b: "person:gh:bob-example") { shared { entity { ... on Project { name } } } jaccard } }`,
    );
    expect(bob.data.commonGround.shared.map((s) => s.entity.name)).toEqual(['Gadget', 'Widget']);
    expect(bob.data.commonGround.jaccard).toBeCloseTo(2 / 3);
  });
});
