import fc from 'fast-check';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { codesOf, GRAPHQL_URL, type Probe, postGraphQL, probe, STACK_TRACE } from '../support/http-probe.ts';
import { loadTinyGraph, TINY } from '../support/tiny-graph.ts';

// What a client gets for malformed requests and hostile arguments, at the HTTP level through
// `app.fetch`, over the shared Neo4j and a tiny invented graph: a 4xx or a GraphQL error it can act
// on (BAD_USER_INPUT), never a 500, a masked "Unexpected error.", a stack, or a word about the
// database behind the API.
const neo = inject('neo4j');
let driver: Driver;
let app: App;

beforeAll(async () => {
  driver = neo4j.driver(neo.uri, neo4j.auth.basic(neo.user, neo.password), { disableLosslessIntegers: true });
  const graph = new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 30_000 });
  await loadTinyGraph(graph);
  // The production defaults (response cache included).
  app = createApp({ graph, logger: createLogger('silent') });
});

afterAll(async () => {
  await driver?.close();
});

const globalId = (typename: string, key: string) => Buffer.from(`${typename}:${key}`).toString('base64');
const INTERNALS = /lucene|cypher|neo4j|bolt|neo\.clienterror/i;

/** What every answer to bad input must be: a clear refusal or data, never a crash or a leak. */
function expectNoCrashNoLeak(result: Probe): void {
  expect(result.status).toBeLessThan(500);
  expect(result.text).not.toMatch(STACK_TRACE);
  expect(result.body?.errors?.map((error) => error.message) ?? []).not.toContain('Unexpected error.');
  for (const error of result.body?.errors ?? []) {
    expect(error).not.toHaveProperty('stack');
    expect(error.message).not.toMatch(INTERNALS);
  }
}

function post(body: string, contentType = 'application/json'): Promise<Probe> {
  return probe(app, GRAPHQL_URL, {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/json' },
    body,
  });
}

describe('malformed requests', () => {
  it.each([
    ['truncated JSON', '{"query": "{ about { name } }"'],
    ['not JSON at all', 'query { about { name } }'],
    ['an empty body', ''],
  ])('refuses %s with a 400 and a JSON error, no stack', async (_case, body) => {
    const result = await post(body);
    expect(result.status).toBe(400);
    expect(result.body?.errors?.[0]?.message).toMatch(/JSON|body/i);
    expectNoCrashNoLeak(result);
  });

  it.each([
    ['a JSON array', '[]'],
    ['a JSON string', '"{ about { name } }"'],
    ['JSON null', 'null'],
    ['a query that is not a string', '{"query": 42}'],
    ['variables that are not an object', '{"query": "{ about { name } }", "variables": "x"}'],
  ])('refuses a body that is %s with a 400', async (_case, body) => {
    const result = await post(body);
    expect(result.status).toBe(400);
    expect(result.body?.errors?.length).toBeGreaterThan(0);
    expectNoCrashNoLeak(result);
  });

  // GraphQL over HTTP: with its own media type a request error is a 4xx; with legacy
  // application/json the server may answer 200. Either way the error says what is wrong.
  it.each([
    ['application/graphql-response+json', 400],
    ['application/json', 200],
  ])('refuses invalid GraphQL syntax (Accept: %s → %i) as GRAPHQL_PARSE_FAILED', async (accept, status) => {
    const result = await postGraphQL(app, '{ about { name ', {}, accept);
    expect(result.status).toBe(status);
    expect(codesOf(result)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(result.body?.errors?.[0]?.message).toMatch(/^Syntax Error/);
    expect(result.body).not.toHaveProperty('data');
    expectNoCrashNoLeak(result);
  });

  it.each([
    ['application/graphql-response+json', 400],
    ['application/json', 200],
  ])('refuses an unknown field (Accept: %s → %i) as GRAPHQL_VALIDATION_FAILED', async (accept, status) => {
    const result = await postGraphQL(app, '{ secrets { password } }', {}, accept);
    expect(result.status).toBe(status);
    expect(codesOf(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(result.body?.errors?.[0]?.message).toMatch(/Cannot query field "secrets" on type "Query"/);
    expect(result.body).not.toHaveProperty('data');
    expectNoCrashNoLeak(result);
  });

  it.each([['application/graphql-response+json'], ['application/json']])(
    'refuses a variable of the wrong type with a 400 that names it (Accept: %s)',
    async (accept) => {
      const result = await postGraphQL(
        app,
        'query($first: Int) { search(text: "widgetron", first: $first) { score } }',
        { first: 'ten' },
        accept,
      );
      expect(result.status).toBe(400);
      expect(result.body?.errors?.[0]?.message).toMatch(
        /Variable "\$first" got invalid value "ten";.* Int cannot represent non-integer value/,
      );
      expect(result.body).not.toHaveProperty('data');
      expectNoCrashNoLeak(result);
    },
  );
});

describe('requests without a document', () => {
  it.each([
    ['application/graphql-response+json', 400],
    ['application/json', 200],
  ])('refuses a body with no query (Accept: %s → %i) as BAD_REQUEST', async (accept, status) => {
    const result = await probe(app, GRAPHQL_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept },
      body: '{"variables": {}}',
    });
    expect(result.status).toBe(status);
    expect(result.body?.errors?.[0]).toMatchObject({
      message: 'Must provide query string.',
      extensions: { code: 'BAD_REQUEST' },
    });
    expectNoCrashNoLeak(result);
  });
});

describe('oversized and impossible arguments', () => {
  const megabyte = 'x'.repeat(1024 * 1024);

  it('refuses 900 kB of search text given as a variable (within the body limit) as BAD_USER_INPUT', async () => {
    const result = await postGraphQL(app, 'query($text: String!) { search(text: $text) { score } }', {
      text: 'x'.repeat(900_000),
    });
    expect(result.status).toBe(200);
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.body?.errors?.[0]).toMatchObject({
      message: 'text must be at most 200 characters',
      extensions: { argument: 'text' },
    });
    expect(result.text.length).toBeLessThan(1_000);
    expectNoCrashNoLeak(result);
  });

  it('refuses 1 MB of search text written into the document with a clear error, not a 500', async () => {
    const result = await postGraphQL(app, `{ search(text: "${megabyte}") { score } }`);
    expect(result.body?.errors).toHaveLength(1);
    // The resolver's length check today; a document-size limit in front of it would do as well.
    expect(result.body?.errors?.[0]?.message).toMatch(/at most|too (long|large|many)|limit|exceed/i);
    expect(result.text.length).toBeLessThan(1_000);
    expectNoCrashNoLeak(result);
  });

  it.each(['2021-13-01', '2021-02-30', 'yesterday', '2021-1-1', '20210101'])(
    'refuses the date "%s" as BAD_USER_INPUT, written in the document or given as a variable',
    async (day) => {
      const inline = await postGraphQL(app, `{ people(asOf: "${day}") { totalCount } }`);
      expect(codesOf(inline)).toEqual(['BAD_USER_INPUT']);
      expect(inline.body?.errors?.[0]?.message).toContain(day);
      expectNoCrashNoLeak(inline);

      const variable = await postGraphQL(app, 'query($day: Date) { people(asOf: $day) { totalCount } }', {
        day,
      });
      expect(codesOf(variable)).toEqual(['BAD_USER_INPUT']);
      expect(variable.body?.errors?.[0]?.message).toContain(day);
      expectNoCrashNoLeak(variable);
    },
  );

  it('accepts a real date (the refusals above are about the dates, not the field)', async () => {
    const result = await postGraphQL(
      app,
      '{ body(name: "TOC") { members(asOf: "2022-02-28") { totalCount } } }',
    );
    expect(result.body).toEqual({ data: { body: { members: { totalCount: 1 } } } });
  });
});

describe('ids nobody gave out', () => {
  it.each([
    [
      'node, a well-formed global id of an unknown person',
      '{ node(id: "ID") { id } }',
      globalId('Person', 'person:gh:nobody'),
    ],
    [
      'node, a global id of a known type with an empty-looking key',
      '{ node(id: "ID") { id } }',
      globalId('Project', 'x'),
    ],
    ['person, an unknown readable key', '{ person(id: "ID") { name } }', 'person:gh:nobody'],
    [
      'person, a global id of another type',
      '{ person(id: "ID") { name } }',
      globalId('Project', TINY.widgetron.id),
    ],
    [
      'neighbourhood, an unknown readable key',
      '{ neighbourhood(id: "ID") { truncated } }',
      'project:nothing',
    ],
  ])('answers null for %s', async (_case, query, id) => {
    const result = await postGraphQL(app, query.replace('ID', id));
    expectNoCrashNoLeak(result);
    expect(result.body?.errors).toBeUndefined();
    expect(Object.values(result.body?.data as Record<string, unknown>)).toEqual([null]);
  });

  it('finds a known entity by its global id (the nulls above are about the ids)', async () => {
    const result = await postGraphQL(
      app,
      `{ node(id: "${globalId('Person', TINY.ada.id)}") { ... on Person { name } } }`,
    );
    expect(result.body).toEqual({ data: { node: { name: TINY.ada.name } } });
  });

  it.each([
    ['not base64 at all', '!!!'],
    ['base64 of a type with no key', Buffer.from('Person:').toString('base64')],
    ['base64 of something without a colon', Buffer.from('PersonAda').toString('base64')],
  ])('refuses an id that is %s as BAD_USER_INPUT on node and person', async (_case, id) => {
    for (const query of [
      'query($id: ID!) { node(id: $id) { id } }',
      'query($id: ID!) { person(id: $id) { name } }',
    ]) {
      const result = await postGraphQL(app, query, { id });
      expectNoCrashNoLeak(result);
      expect([query, codesOf(result)]).toEqual([query, ['BAD_USER_INPUT']]);
    }
  });

  it('answers an empty id with null or BAD_USER_INPUT on node and person', async () => {
    for (const query of [
      'query($id: ID!) { node(id: $id) { id } }',
      'query($id: ID!) { person(id: $id) { name } }',
    ]) {
      const result = await postGraphQL(app, query, { id: '' });
      expectNoCrashNoLeak(result);
      expect(Object.values(result.body?.data ?? { field: null })).toEqual([null]);
      expect(codesOf(result).filter((code) => code !== 'BAD_USER_INPUT')).toEqual([]);
    }
  });

  // A forged global id names a type that is not an entity: the schema says `node` is "null when no
  // entity has it"; a client error would do too. Not an internal schema message without a code.
  it.each(['Nope', 'person', 'Query', 'Node', '__proto__'])(
    'answers node and nodes for a forged global id of type "%s" with null or BAD_USER_INPUT',
    async (typename) => {
      const id = globalId(typename, TINY.ada.id);
      for (const query of [
        'query($id: ID!) { node(id: $id) { id } }',
        'query($id: ID!) { nodes(ids: [$id]) { id } }',
      ]) {
        const result = await postGraphQL(app, query, { id });
        expectNoCrashNoLeak(result);
        // On failure, the messages that reached the client (rather than a list of undefined codes).
        const verdict = codesOf(result).every((code) => code === 'BAD_USER_INPUT')
          ? 'null or BAD_USER_INPUT'
          : result.body?.errors?.map((error) => `${error.message} (code ${error.extensions?.code})`);
        expect([query, verdict]).toEqual([query, 'null or BAD_USER_INPUT']);
      }
    },
  );
});

describe('GET requests', () => {
  it('answers a query sent as a GET query string', async () => {
    const result = await probe(app, `${GRAPHQL_URL}?query=${encodeURIComponent('{ about { name } }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ data: { about: { name: 'cncf-knowledge-graph' } } });
  });

  it('answers a GET query with variables', async () => {
    const query = encodeURIComponent('query($h: String) { person(handle: $h) { name } }');
    const variables = encodeURIComponent(JSON.stringify({ h: TINY.ada.handle }));
    const result = await probe(app, `${GRAPHQL_URL}?query=${query}&variables=${variables}`, {
      headers: { accept: 'application/json' },
    });
    expect(result.body).toEqual({ data: { person: { name: TINY.ada.name } } });
  });

  it.each(['mutation { about { name } }', 'mutation Import { importNow }'])(
    'refuses a mutation sent as GET (%s) with a 405',
    async (document) => {
      const result = await probe(app, `${GRAPHQL_URL}?query=${encodeURIComponent(document)}`, {
        headers: { accept: 'application/json' },
      });
      expect(result.status).toBe(405);
      expect(result.body?.errors?.[0]?.message).toMatch(/mutation operation from a POST request/);
      expectNoCrashNoLeak(result);
    },
  );

  it.each(['variables', 'extensions'])('refuses GET %s that are not JSON with a 400', async (param) => {
    const query = encodeURIComponent('query($h: String) { person(handle: $h) { name } }');
    const result = await probe(app, `${GRAPHQL_URL}?query=${query}&${param}=%7Bnot-json`, {
      headers: { accept: 'application/json' },
    });
    expectNoCrashNoLeak(result);
    expect(result.status).toBe(400);
    expect(result.body?.errors?.[0]?.message).toMatch(new RegExp(`${param}.*JSON|JSON.*${param}`, 'i'));
  });
});

// ---------------------------------------------------------------------------------------------
// Property-based: arbitrary input never crashes a resolver. Bounded runs; on failure fast-check
// prints the seed and the shrunk counterexample (replay with { seed, path }).

const NUM_RUNS = 100;
const MAX_SEARCH_TEXT = 200;

const LUCENE_PIECES = [
  '*',
  '~',
  '"',
  '\\',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  '^',
  '!',
  '&',
  '|',
  '&&',
  '||',
  '+',
  '-',
  '/',
  '?',
  ' AND ',
  ' OR ',
  ' NOT ',
  ' TO ',
  'AND',
  'OR',
  'NOT',
  ' ',
  '  ',
  'widgetron',
  'ada',
  'a',
  '0',
  '~2',
  '^3',
  'title:',
  '*:*',
  '[a TO z]',
  '{a TO z}',
  '"ada tiny"',
  '\\u0000',
  '\u0000',
  '＊',
  '（',
  '⑴',
  '\u3000',
];

const searchText = fc.oneof(
  fc.string({ maxLength: 260 }),
  fc.string({ unit: 'binary', maxLength: 260 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.array(fc.constantFrom(...LUCENE_PIECES), { maxLength: 40 }).map((pieces) => pieces.join('')),
  // Lone surrogates and control characters, which JSON carries and UTF-8 cannot.
  fc.string({ unit: fc.constantFrom('\ud800', '\udfff', '\u0001', '\uffff', 'a', ' '), maxLength: 30 }),
);

const anyTypename = fc.oneof(
  fc.constantFrom(
    'Person',
    'Project',
    'Organization',
    'Body',
    'Category',
    'Source',
    'Query',
    'Node',
    'Entity',
  ),
  fc.stringMatching(/^[A-Z_a-z]\w{0,12}$/),
  fc.string({ maxLength: 12 }),
);
const anyId = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .tuple(
      anyTypename,
      fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(TINY.ada.id, TINY.widgetron.id)),
    )
    .map(([typename, key]) => globalId(typename, key)),
  fc.constantFrom(TINY.ada.id, TINY.widgetron.id, 'person:gh:nobody', 'x:y'),
);

/** Data (possibly null) or BAD_USER_INPUT only; never a 500, a masked error, or a leak. */
function expectDataOrBadUserInput(result: Probe): void {
  expectNoCrashNoLeak(result);
  const codes = codesOf(result);
  if (!codes.every((code) => code === 'BAD_USER_INPUT')) {
    throw new Error(`expected data or BAD_USER_INPUT, got ${result.status} ${result.text.slice(0, 300)}`);
  }
}

describe('property: search text', () => {
  it('answers any text with a list of hits, or BAD_USER_INPUT when it is too long', async () => {
    await fc.assert(
      fc.asyncProperty(searchText, async (text) => {
        const result = await postGraphQL<{ search: unknown[] }>(
          app,
          'query($text: String!) { search(text: $text) { score entity { ... on Project { name } } } }',
          { text },
        );
        expectNoCrashNoLeak(result);
        expect(result.status).toBe(200);
        if (text.length > MAX_SEARCH_TEXT) {
          expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
        } else {
          expect(result.body?.errors).toBeUndefined();
          expect(Array.isArray(result.body?.data?.search)).toBe(true);
        }
      }),
      { numRuns: NUM_RUNS * 2 },
    );
  });

  it('still finds what the words name when Lucene syntax surrounds them', async () => {
    for (const text of [
      'widgetron*',
      '"widgetron"',
      '(widgetron)',
      'widgetron~',
      '+widgetron',
      'WIDGETRON!',
      ':widgetron:',
      '  widgetron\t',
    ]) {
      const result = await postGraphQL<{ search: { entity: { name?: string } }[] }>(
        app,
        'query($text: String!) { search(text: $text) { entity { ... on Project { name } } } }',
        { text },
      );
      expect([text, result.body?.data?.search.map((hit) => hit.entity.name)]).toEqual([
        text,
        [TINY.widgetron.name],
      ]);
    }
  });
});

describe('property: ids', () => {
  it.each([
    ['node', 'query($id: ID!) { node(id: $id) { id } }'],
    ['person', 'query($id: ID!) { person(id: $id) { name } }'],
    ['neighbourhood', 'query($id: ID!) { neighbourhood(id: $id) { nodes { id } } }'],
  ])('answers %s(id:) for any string with data, null or BAD_USER_INPUT', async (_field, query) => {
    await fc.assert(
      fc.asyncProperty(anyId, async (id) => {
        expectDataOrBadUserInput(await postGraphQL(app, query, { id }));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('answers path(from:, to:) for any two strings with data, null or BAD_USER_INPUT', async () => {
    await fc.assert(
      fc.asyncProperty(anyId, anyId, async (from, to) => {
        expectDataOrBadUserInput(
          await postGraphQL(
            app,
            'query($from: ID!, $to: ID!) { path(from: $from, to: $to) { shortest { length } } }',
            {
              from,
              to,
            },
          ),
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
