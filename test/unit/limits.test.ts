import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getIntrospectionQuery, Kind, parse } from 'graphql';
import neo4j from 'neo4j-driver';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig, PROJECT_ROOT } from '../../src/config.ts';
import { type Limits, MAX_FRAGMENTS, MAX_INTROSPECTION_DEPTH, queryCost } from '../../src/limits.ts';
import { createLogger } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { schema } from '../../src/schema/index.ts';

// The real schema over a driver pointed at a port nothing listens on: a query that gets past the
// limits and needs the graph fails with SERVICE_UNAVAILABLE after a Cypher round trip, so the
// round-trip counter tells "rejected before any resolver ran" from "accepted, then failed".
const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'unused-password'), {
  maxTransactionRetryTime: 0,
  connectionTimeout: 2_000,
  logging: { level: 'error', logger: () => {} },
});
let roundTrips = 0;
const graph = new GraphExecutor(driver, {
  database: 'neo4j',
  queryTimeoutMs: 2_000,
  onRoundTrip: () => {
    roundTrips += 1;
  },
});

const DEFAULTS: Limits = loadConfig({}).api.limits;

// The app applies the configured limits itself; caching off so every request reaches the limits.
function appWith(limits: Limits = DEFAULTS) {
  return createApp({
    graph,
    logger: createLogger('silent'),
    api: { ...loadConfig({}).api, limits, responseCacheTtlMs: 0 },
  });
}

const app = appWith();
const GRAPHQL_RESPONSE = 'application/graphql-response+json';
// Each request that reaches the unreachable graph waits about a second for the driver to give up.
const REACHES_GRAPH = { timeout: 30_000 };

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

interface Request {
  variables?: Record<string, unknown>;
  operationName?: string;
  target?: typeof app;
  accept?: string;
}

async function post(
  query: string,
  { variables = {}, operationName, target = app, accept = 'application/json' }: Request = {},
): Promise<{ status: number; body: Body }> {
  const response = await target.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

/** Rejected by a limit: 400, one QUERY_TOO_COMPLEX error, and no Cypher at all. */
function expectRejected(
  result: { status: number; body: Body },
  message: string,
  extensions: { limit: string; max: number; actual: number },
) {
  expect(result.status).toBe(400);
  expect(result.body.data).toBeUndefined();
  expect(result.body.errors).toHaveLength(1);
  expect(result.body.errors?.[0]?.message).toBe(message);
  expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', ...extensions });
  expect(roundTrips).toBe(0);
}

function errorCodes(body: Body): unknown[] {
  return (body.errors ?? []).map((error) => error.extensions?.code);
}

/** Past the limits, the resolvers ran and asked the (unreachable) graph. */
function expectReachedTheGraph(result: { status: number; body: Body }) {
  expect(result.status).toBe(200);
  expect(errorCodes(result.body)).toContain('SERVICE_UNAVAILABLE');
  expect(errorCodes(result.body)).not.toContain('QUERY_TOO_COMPLEX');
  expect(roundTrips).toBeGreaterThan(0);
}

/** Past the limits, answered without the graph. */
function expectAnswered(result: { status: number; body: Body }) {
  expect(result.body.errors).toBeUndefined();
  expect(result.status).toBe(200);
  expect(result.body.data).toBeTruthy();
  expect(roundTrips).toBe(0);
}

/**
 * A valid query exactly `depth` fields deep that asks for one item per list: Project → maintainers
 * → Person → projects → … (3 levels a hop), closed by 1 to 3 more levels.
 */
function queryOfDepth(depth: number): string {
  let remaining = depth - 1;
  const hops: string[] = [];
  let onProject = true;
  while (remaining > 3) {
    hops.push(onProject ? 'maintainers(first: 1) { edges { node {' : 'projects(first: 1) { edges { node {');
    onProject = !onProject;
    remaining -= 3;
  }
  const list = onProject ? 'maintainers' : 'projects';
  const leaf = ['name', 'sources { key }', `${list}(first: 1) { pageInfo { hasNextPage } }`][remaining - 1];
  return `{ project(name: "kubernetes") { ${hops.join(' ')} ${leaf} ${' } } }'.repeat(hops.length)} } }`;
}

function aliasedAbouts(count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i + 1}: about { name }`).join(' ')} }`;
}

const NESTED_PROJECTS = (first: string) => `
  query Nested${first.startsWith('$') ? '($first: Int)' : ''} {
    projects(first: ${first}) { edges { node {
      maintainers(first: ${first}) { edges { node {
        projects(first: ${first}) { edges { node { name } } }
      } } }
    } } }
  }`;

beforeEach(() => {
  roundTrips = 0;
});

afterAll(async () => {
  await driver.close();
});

describe('the depth limit', () => {
  it('rejects a query deeper than the limit, saying by how much, without running Cypher', async () => {
    expectRejected(await post(queryOfDepth(15)), 'Query depth 15 exceeds the limit of 12', {
      limit: 'depth',
      max: 12,
      actual: 15,
    });
  });

  it('lets a query exactly at the limit through to the resolvers', REACHES_GRAPH, async () => {
    expectRejected(await post(queryOfDepth(13)), 'Query depth 13 exceeds the limit of 12', {
      limit: 'depth',
      max: 12,
      actual: 13,
    });
    expectReachedTheGraph(await post(queryOfDepth(12)));
  });

  it(
    'counts the fields of fragments where they are spread, not the spreads themselves',
    REACHES_GRAPH,
    async () => {
      const query = `
      query { project(name: "kubernetes") { ...Maintainers } }
      fragment Maintainers on Project { maintainers(first: 1) { edges { node { ...Person } } } }
      fragment Person on Person { projects(first: 1) { edges { node { ... on Project { ...Maintainers2 } } } } }
      fragment Maintainers2 on Project { maintainers(first: 1) { edges { node { sources { key } } } } }`;
      // project, maintainers, edges, node, projects, edges, node, maintainers, edges, node, sources, key
      expectReachedTheGraph(await post(query));
      roundTrips = 0;
      expectRejected(
        await post(query, { target: appWith({ ...DEFAULTS, maxDepth: 11 }) }),
        'Query depth 12 exceeds the limit of 11',
        {
          limit: 'depth',
          max: 11,
          actual: 12,
        },
      );
    },
  );
});

describe('every limit', () => {
  it('answers 400 whichever response type the client accepts (GraphiQL asks for graphql-response+json)', async () => {
    const refusals = [
      `{ about { name } } #${'x'.repeat(20_000)}`,
      `{ nodes(ids: [${'1 '.repeat(4_000)}]) { id } }`,
      queryOfDepth(13),
      aliasedAbouts(16),
      NESTED_PROJECTS('100'),
    ];
    const limits = [];
    for (const query of refusals) {
      const { status, body } = await post(query, { accept: GRAPHQL_RESPONSE });
      expect(status).toBe(400);
      limits.push(body.errors?.[0]?.extensions?.limit);
    }
    expect(limits).toEqual(['documentBytes', 'tokens', 'depth', 'aliases', 'cost']);
    expect(roundTrips).toBe(0);
  });
});

describe('the introspection depth limit', () => {
  /** `__type(name: "Query")` and `levels` nested `ofType`s: 2 + `levels` fields deep. */
  const ofTypeChain = (levels: number) =>
    `{ __type(name: "Query") { ${'ofType { '.repeat(levels)}name ${'} '.repeat(levels)}} }`;

  it('answers an introspection chain exactly at the limit and refuses one a level deeper', async () => {
    expect(MAX_INTROSPECTION_DEPTH).toBe(20);
    expectAnswered(await post(ofTypeChain(18)));
    expectRejected(await post(ofTypeChain(19)), 'Introspection depth 21 exceeds the limit of 20', {
      limit: 'introspectionDepth',
      max: 20,
      actual: 21,
    });
  });

  it('follows fragments into introspection, where nesting shows no depth', async () => {
    // Each fragment is one level deep as written; spread into each other, 26 levels.
    const fragments = Array.from(
      { length: 24 },
      (_, i) => `fragment T${i} on __Type { name ofType { ${i < 23 ? `...T${i + 1}` : 'name'} } }`,
    ).join(' ');
    expectRejected(
      await post(`{ __type(name: "Query") { ...T0 } } ${fragments}`),
      'Introspection depth 26 exceeds the limit of 20',
      { limit: 'introspectionDepth', max: 20, actual: 26 },
    );
  });

  it('answers the standard introspection query with more `ofType` levels than its default 9', async () => {
    // `__schema types fields args type`, the `ofType`s, `name`: 6 + typeDepth fields deep.
    const result = await post(getIntrospectionQuery({ typeDepth: 14 }));
    expectAnswered(result);
    expect(result.body.data?.__schema).toBeTruthy();
  });

  it(
    'counts introspection apart from data fields: neither adds to the other’s depth',
    REACHES_GRAPH,
    async () => {
      const chain = ofTypeChain(18).slice(1, -1);
      expectAnswered(await post(`{ about { name } ${chain} }`));
      expectReachedTheGraph(await post(`{ ${chain} ${queryOfDepth(12).slice(1)}`));
      roundTrips = 0;
      expectRejected(
        await post(`{ ${chain} ${queryOfDepth(13).slice(1)}`),
        'Query depth 13 exceeds the limit of 12',
        {
          limit: 'depth',
          max: 12,
          actual: 13,
        },
      );
    },
  );
});

describe('the nesting limit', () => {
  /** A valid document whose braces nest `levels` deep: inline fragments around one field. */
  const inlineFragments = (levels: number) =>
    `${'... on Query { '.repeat(levels - 1)}__typename ${'} '.repeat(levels - 1)}`;

  it('answers braces nested exactly as deep as allowed and refuses one level more', async () => {
    // Twice the deepest query the depth limits allow: 2 × max(12, 20).
    expectAnswered(await post(`{ ${inlineFragments(40)} }`));
    expectRejected(
      await post(`{ ${inlineFragments(41)} }`),
      'Query nesting of braces and brackets 41 exceeds the limit of 40',
      { limit: 'nesting', max: 40, actual: 41 },
    );
  });

  it('refuses a 14 kB chain of 1,300 `ofType`s, within the size and token limits, before parsing it', async () => {
    const query = `{ __type(name: "Query") { ${'ofType { '.repeat(1_300)}name ${'} '.repeat(1_300)}} }`;
    expect(Buffer.byteLength(query)).toBeLessThan(DEFAULTS.maxDocumentBytes);
    expectRejected(await post(query), 'Query nesting of braces and brackets 1302 exceeds the limit of 40', {
      limit: 'nesting',
      max: 40,
      actual: 1_302,
    });
  });

  it('refuses 2,000 nested list brackets with a 400 instead of overflowing the parser’s stack', async () => {
    const query = `{ nodes(ids: ${'['.repeat(1_990)}"a"${']'.repeat(1_990)}) { id } }`;
    expectRejected(await post(query), 'Query nesting of braces and brackets 1991 exceeds the limit of 40', {
      limit: 'nesting',
      max: 40,
      actual: 1_991,
    });
  });

  it('does not count braces in strings and comments', REACHES_GRAPH, async () => {
    const braces = '{'.repeat(60);
    const result = await post(`# ${braces}\n{ search(text: "${braces}") { score } }`);
    expect(errorCodes(result.body)).not.toContain('QUERY_TOO_COMPLEX');
  });
});

describe('the fragment limit', () => {
  const spreadFragments = (count: number) =>
    `{ ${Array.from({ length: count }, (_, i) => `...F${i}`).join(' ')} } ${Array.from(
      { length: count },
      (_, i) => `fragment F${i} on Query { __typename }`,
    ).join(' ')}`;

  it('answers a document with as many fragments as allowed and refuses one more', async () => {
    expect(MAX_FRAGMENTS).toBe(100);
    expectAnswered(await post(spreadFragments(100)));
    expectRejected(await post(spreadFragments(101)), 'Query fragment count 101 exceeds the limit of 100', {
      limit: 'fragments',
      max: 100,
      actual: 101,
    });
  });

  it('refuses a document over a limit without validating it: the limit is its only error', async () => {
    // An unknown field and an unused fragment besides 400 fragments spread together, whose pairs
    // graphql-js would compare.
    const { status, body } = await post(
      `${spreadFragments(400).replace('{ ', '{ nonsense ')} fragment X on Query { a }`,
    );
    expect(status).toBe(400);
    expect(body.errors?.map((error) => error.extensions?.limit)).toEqual(['fragments']);
  });
});

describe('the alias limit', () => {
  it('rejects an alias bomb of a hundred copies of one field', async () => {
    expectRejected(await post(aliasedAbouts(100)), 'Query alias count 100 exceeds the limit of 15', {
      limit: 'aliases',
      max: 15,
      actual: 100,
    });
  });

  it('answers a query with exactly as many aliases as allowed', async () => {
    expectAnswered(await post(aliasedAbouts(15)));
    expectRejected(await post(aliasedAbouts(16)), 'Query alias count 16 exceeds the limit of 15', {
      limit: 'aliases',
      max: 15,
      actual: 16,
    });
  });

  it('counts the aliases of a fragment each time it is spread', async () => {
    const fragment = `fragment Twice on About { n1: name n2: name }`;
    const spreads = Array.from({ length: 8 }, (_, i) => `x${i}: about { ...Twice }`).join(' ');
    // 8 aliased `about`s + 8 spreads × 2 aliases inside
    expectRejected(await post(`{ ${spreads} } ${fragment}`), 'Query alias count 24 exceeds the limit of 15', {
      limit: 'aliases',
      max: 15,
      actual: 24,
    });
  });
});

describe('the token limit', () => {
  // 12 tokens around the ids; two bytes an id keeps 4000 tokens well under the size limit.
  const withTokens = (tokens: number) => `{ nodes(ids: [${'1 '.repeat(tokens - 12)}]) { id } }`;

  it('rejects a document with more tokens than allowed before parsing it', async () => {
    expectRejected(await post(withTokens(4001)), 'Query token count 4001 exceeds the limit of 4000', {
      limit: 'tokens',
      max: 4000,
      actual: 4001,
    });
  });

  it('lets a document with exactly as many tokens as allowed through, not counting comments', async () => {
    const { status, body } = await post(`# a comment is not a token\n${withTokens(4000)}`);
    // The resolver, not a limit, refuses these ids.
    expect(status).toBe(200);
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.message).toBe('Invalid global ID "1"');
  });
});

describe('the document size limit', () => {
  it('rejects a 900 kB query string with 400 before lexing it', async () => {
    const query = `{ about { name } }\n#${'x'.repeat(900_000 - 20)}`;
    expectRejected(await post(query), 'Query document size 900000 bytes exceeds the limit of 20000 bytes', {
      limit: 'documentBytes',
      max: 20_000,
      actual: 900_000,
    });
  });

  it('answers 413 to a request body over 1 MB, whatever it holds', async () => {
    const { status, body } = await post(`{ about { name } }\n#${'x'.repeat(1_000_000)}`);
    expect(status).toBe(413);
    expect(body.errors?.[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(roundTrips).toBe(0);
  });

  // A chunked upload declares no length: its bytes are counted as they arrive.
  function streamed(text: string, onPull: (bytes: number) => void = () => {}): ReadableStream<Uint8Array> {
    const bytes = Buffer.from(text, 'utf8');
    const chunk = 64 * 1024;
    let offset = 0;
    return new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (offset >= bytes.length) {
            controller.close();
            return;
          }
          const next = bytes.subarray(offset, offset + chunk);
          offset += next.length;
          onPull(offset);
          controller.enqueue(next);
        },
        // Nothing is pulled before the reader asks.
      },
      { highWaterMark: 0 },
    );
  }

  async function postRaw(body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}) {
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);
    return { status: response.status, body: (await response.json()) as Body };
  }

  it('cuts off a body with no declared length once it passes 1 MB, reading no further', async () => {
    let pulled = 0;
    const text = JSON.stringify({ query: `{ about { name } }\n#${'x'.repeat(5_000_000)}` });
    const { status, body } = await postRaw(
      streamed(text, (bytes) => {
        pulled = bytes;
      }),
    );
    expect(status).toBe(413);
    expect(body.errors?.[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(body.errors?.[0]?.message).toMatch(
      /^Request body of at least \d+ bytes exceeds the limit of 1000000 bytes$/,
    );
    expect(pulled).toBeLessThan(1_500_000);
    expect(roundTrips).toBe(0);
  });

  it('answers a body with no declared length within the limit', async () => {
    expectAnswered(
      await postRaw(streamed(JSON.stringify({ query: `{ about { name } }\n#${'x'.repeat(10_000)}` }))),
    );
  });

  it('refuses a declared length over 1 MB before reading the body', async () => {
    let pulled = 0;
    const { status, body } = await postRaw(
      streamed(JSON.stringify({ query: '{ about { name } }' }), (bytes) => {
        pulled = bytes;
      }),
      { 'content-length': '2000000' },
    );
    expect(status).toBe(413);
    expect(body.errors?.[0]?.message).toBe(
      'Request body of 2000000 bytes exceeds the limit of 1000000 bytes',
    );
    expect(pulled).toBe(0);
  });

  it('refuses a Content-Length that is not one number of bytes, with 400', async () => {
    const { status, body } = await postRaw(JSON.stringify({ query: '{ about { name } }' }), {
      'content-length': '30,30',
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(roundTrips).toBe(0);
  });

  it('counts bytes of UTF-8, not characters', async () => {
    const query = `{ about { name } }\n#${'é'.repeat(10_000)}`;
    expect(query.length).toBeLessThan(20_000);
    expectRejected(await post(query), 'Query document size 20020 bytes exceeds the limit of 20000 bytes', {
      limit: 'documentBytes',
      max: 20_000,
      actual: 20_020,
    });
  });

  it('answers a document of exactly the allowed size', async () => {
    const start = '{ about { name } }\n#';
    expectAnswered(await post(`${start}${'x'.repeat(20_000 - start.length)}`));
  });

  it('applies to GET requests too', async () => {
    const query = `{ about { name } } #${'x'.repeat(20_000)}`;
    const response = await app.fetch(`http://yoga/graphql?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Body).errors?.[0]?.extensions?.limit).toBe('documentBytes');
  });
});

describe('the cost limit', () => {
  it('multiplies nested lists by their page sizes: three levels of 100 are refused', async () => {
    // 1 (projects) + 3 × 100 + 3 × 100² + 3 × 100³
    expectRejected(
      await post(NESTED_PROJECTS('100')),
      'Query cost 3030301 exceeds the limit of 50000; ask for smaller pages (`first`) in nested lists',
      { limit: 'cost', max: 50_000, actual: 3_030_301 },
    );
  });

  it('lets the same shape with pages of 2 through to the resolvers', REACHES_GRAPH, async () => {
    expect(queryCost(schema, parse(NESTED_PROJECTS('2')))).toBe(1 + 3 * 2 + 3 * 4 + 3 * 8);
    expectReachedTheGraph(await post(NESTED_PROJECTS('2')));
  });

  it(
    'takes page sizes from the request variables, for each request of the same document',
    REACHES_GRAPH,
    async () => {
      const query = NESTED_PROJECTS('$first');
      expectReachedTheGraph(await post(query, { variables: { first: 2 } }));
      roundTrips = 0;
      expectRejected(
        await post(query, { variables: { first: 100 } }),
        'Query cost 3030301 exceeds the limit of 50000; ask for smaller pages (`first`) in nested lists',
        { limit: 'cost', max: 50_000, actual: 3_030_301 },
      );
      roundTrips = 0;
      // Left out: the connections' default page of 20.
      expect(queryCost(schema, parse(query))).toBe(1 + 3 * 20 + 3 * 20 ** 2 + 3 * 20 ** 3);
      expectReachedTheGraph(await post(query));
    },
  );

  it('uses a variable’s default value when the request gives none', async () => {
    const query = `query ($first: Int = 100) {
      projects(first: $first) { edges { node { maintainers(first: $first) { edges { node {
        projects(first: $first) { edges { node { name } } } } } } } } }
    }`;
    expectRejected(
      await post(query),
      'Query cost 3030301 exceeds the limit of 50000; ask for smaller pages (`first`) in nested lists',
      { limit: 'cost', max: 50_000, actual: 3_030_301 },
    );
  });

  it('follows fragments and inline fragments to the fields they select', async () => {
    const query = `
      query { projects(first: 100) { edges { node { ...Maintainers } } } }
      fragment Maintainers on Project { maintainers(first: 100) { edges { node { ... on Person { ...Projects } } } } }
      fragment Projects on Person { projects(first: 100) { edges { node { name } } } }`;
    expect(queryCost(schema, parse(query))).toBe(3_030_301);
    expectRejected(
      await post(query),
      'Query cost 3030301 exceeds the limit of 50000; ask for smaller pages (`first`) in nested lists',
      { limit: 'cost', max: 50_000, actual: 3_030_301 },
    );
  });

  it('accepts a query whose cost is exactly the limit, and refuses it one below', REACHES_GRAPH, async () => {
    expectReachedTheGraph(
      await post(NESTED_PROJECTS('2'), { target: appWith({ ...DEFAULTS, maxCost: 43 }) }),
    );
    roundTrips = 0;
    expectRejected(
      await post(NESTED_PROJECTS('2'), { target: appWith({ ...DEFAULTS, maxCost: 42 }) }),
      'Query cost 43 exceeds the limit of 42; ask for smaller pages (`first`) in nested lists',
      { limit: 'cost', max: 42, actual: 43 },
    );
  });

  it('counts a page from the end (`last`) as it counts one from the start', () => {
    expect(queryCost(schema, parse('{ projects(last: 100) { edges { node { name } } } }'))).toBe(1 + 3 * 100);
    expect(
      queryCost(
        schema,
        parse(
          '{ projects(last: 10) { edges { node { maintainers(last: 50) { edges { node { name } } } } } } }',
        ),
      ),
    ).toBe(1 + 3 * 10 + 3 * 10 * 50);
  });

  it('uses the resolvers’ defaults for lists without `first`: 20 a page, 10 search hits', () => {
    expect(queryCost(schema, parse('{ projects { edges { node { name } } } }'))).toBe(1 + 3 * 20);
    expect(queryCost(schema, parse('{ search(text: "k") { score } }'))).toBe(1 + 10);
    expect(queryCost(schema, parse('{ search(text: "k", first: 50) { score } }'))).toBe(1 + 50);
    expect(queryCost(schema, parse('{ rankings(metric: DEGREE) { rank } }'))).toBe(1 + 10);
  });

  it('counts routes by their hops and neighbourhoods by rings × nodes per ring', () => {
    const route = (args: string) => `{ path(from: "a", to: "b"${args}) { shortest { hops { type } } } }`;
    expect(queryCost(schema, parse(route('')))).toBe(1 + 4 * 3);
    expect(queryCost(schema, parse(route(', maxHops: 6')))).toBe(1 + 6 * 3);
    const around = (args: string) => `{ neighbourhood(id: "x"${args}) { nodes { name } } }`;
    expect(queryCost(schema, parse(around('')))).toBe(1 + 25 * 2);
    expect(queryCost(schema, parse(around(', depth: 3, limitPerHop: 200')))).toBe(1 + 600 * 2);
  });

  it('counts a list of ids by its length, and only the branches @skip and @include keep', () => {
    expect(queryCost(schema, parse('{ nodes(ids: ["a", "b", "c"]) { id } }'))).toBe(1 + 3);
    const query = parse(
      'query ($deep: Boolean!) { about { name } projects @include(if: $deep) { totalCount } }',
    );
    expect(queryCost(schema, query, { variables: { deep: false } })).toBe(2);
    expect(queryCost(schema, query, { variables: { deep: true } })).toBe(2 + 1 + 20);
  });

  it('does not estimate an operation whose variables execution will refuse', () => {
    expect(queryCost(schema, parse(NESTED_PROJECTS('$first')), { variables: { first: 'many' } })).toBeNull();
  });
});

describe('what stays within the limits', () => {
  it('refuses a fragment cycle as a validation error, without hanging', async () => {
    const query = `
      query { about { ...A } }
      fragment A on About { name ...B }
      fragment B on About { version ...A }`;
    // Other validation errors keep Yoga's statuses: 400 for GraphQL-over-HTTP clients (GraphiQL),
    // 200 for `Accept: application/json` only; never 500.
    const { status, body } = await post(query, { accept: GRAPHQL_RESPONSE });
    expect(status).toBe(400);
    expect(body.errors?.map((error) => error.message)).toContain(
      'Cannot spread fragment "A" within itself via "B".',
    );
    expect(errorCodes(body)).not.toContain('QUERY_TOO_COMPLEX');
    expect(roundTrips).toBe(0);
  });

  it('answers GraphiQL’s introspection query under the default limits', async () => {
    for (const query of [
      getIntrospectionQuery(),
      getIntrospectionQuery({
        descriptions: true,
        inputValueDeprecation: true,
        schemaDescription: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        oneOf: true,
      }),
    ]) {
      const result = await post(query);
      expectAnswered(result);
      expect(result.body.data?.__schema).toBeTruthy();
    }
  });

  it('still refuses recursive introspection, which the depth limit does not count', async () => {
    const query = '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }';
    const { status, body } = await post(query, { accept: GRAPHQL_RESPONSE });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe('Maximum introspection depth exceeded');
  });

  it('accepts every worked example GraphiQL opens with', REACHES_GRAPH, async () => {
    const text = readFileSync(path.join(PROJECT_ROOT, 'src', 'graphiql', 'default-document.graphql'), 'utf8');
    const document = parse(text);
    const names = document.definitions.flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
    );
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(queryCost(schema, document, { operationName: name })).toBeLessThanOrEqual(DEFAULTS.maxCost);
      roundTrips = 0;
      expectReachedTheGraph(await post(text, { operationName: name }));
    }
  });
});
