import { readFileSync } from 'node:fs';
import { Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import type { RecordShape } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type App, createApp } from '../../../src/app.ts';
import { MAX_ERRORS, MAX_MESSAGE_LENGTH, MAX_VARIABLES_DEPTH } from '../../../src/client-errors.ts';
import { GraphExecutor } from '../../../src/graph/executor.ts';
import { createLogger } from '../../../src/logger.ts';
import { loadFixtureGraph } from '../../fixtures/graph.ts';
import { type GraphQLResponse, type ResponseError, TestApi } from '../../support/graphql-client.ts';
import { GRAPHQL_URL, type Probe, probe, STACK_TRACE } from '../../support/http-probe.ts';

// Requests a client may get wrong, or send to do harm, over the invented fixture graph: every
// error that comes back carries `extensions.code`, says nothing of the server's insides, and quotes
// the client's input back only in part; no request is a 500. And a document of several operations
// runs the one `operationName` names, every time.
let api: TestApi;
/** The production defaults, response cache included (api.app has it off). */
let cachedApp: App;

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await loadFixtureGraph(api.graph);
  cachedApp = createApp({ graph: api.graph, logger: createLogger('silent') });
});

afterAll(async () => {
  await api?.close();
});

const apps = (): [string, App][] => [
  ['without the response cache', api.app],
  ['with the response cache', cachedApp],
];
const appFor = (cache: 'with' | 'without'): App => (cache === 'with' ? cachedApp : api.app);

function post(
  app: App,
  body: Record<string, unknown>,
  accept = 'application/graphql-response+json',
): Promise<Probe> {
  return probe(app, GRAPHQL_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(body),
  });
}

describe('documents of several operations', () => {
  const source = readFileSync(
    new URL('../../../src/graphiql/default-document.graphql', import.meta.url),
    'utf8',
  );
  const operations = parse(source).definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  /** The response keys an operation's answer has at its root. */
  const rootKeys = (operation: OperationDefinitionNode) =>
    operation.selectionSet.selections.map((selection) =>
      selection.kind === Kind.FIELD ? (selection.alias ?? selection.name).value : selection.kind,
    );

  it.each(['without', 'with'] as const)(
    'answers each of GraphiQL’s worked examples, %s the response cache, as it answers that operation sent alone',
    async (cache) => {
      const app = appFor(cache);
      expect(operations.length).toBeGreaterThan(3);
      // In the document's order: whichever operation is compiled first must not answer for the others.
      for (const operation of operations) {
        const name = operation.name?.value;
        const inDocument = await post(app, { query: source, operationName: name });
        const alone = await post(app, { query: print(operation) });
        expect([name, inDocument.status, inDocument.body?.errors]).toEqual([name, 200, undefined]);
        expect([name, Object.keys(inDocument.body?.data ?? {})]).toEqual([name, rootKeys(operation)]);
        expect([name, inDocument.body]).toEqual([name, alone.body]);
      }
      // And back again, now that every operation has been compiled (and, with the cache, cached).
      for (const operation of operations.toReversed()) {
        const name = operation.name?.value;
        const again = await post(app, { query: source, operationName: name });
        expect([name, Object.keys(again.body?.data ?? {})]).toEqual([name, rootKeys(operation)]);
      }
    },
  );

  it.each(['without', 'with'] as const)(
    'keeps apart the look-ahead of operations on the same field, %s the response cache',
    async (cache) => {
      const app = appFor(cache);
      const document = `
      query Two { project(name: "Gadget") { maintainers(first: 2) { edges { node { name } } } } }
      query Five { project(name: "Gadget") { maintainers(first: 5) { edges { node { name } } } } }
      query Some($n: Int) { project(name: "Gadget") { maintainers(first: $n) { edges { node { name } } } } }`;
      const pageSize = async (operationName: string, variables: Record<string, unknown> = {}) => {
        const result = await post(app, { query: document, operationName, variables });
        const data = result.body?.data as { project: { maintainers: { edges: unknown[] } } } | undefined;
        return data?.project.maintainers.edges.length;
      };
      expect(await pageSize('Two')).toBe(2);
      expect(await pageSize('Five')).toBe(5);
      expect(await pageSize('Some', { n: 3 })).toBe(3);
      expect(await pageSize('Some', { n: 7 })).toBe(7);
      expect(await pageSize('Two')).toBe(2);
      expect(await pageSize('Some', { n: 3 })).toBe(3);
    },
  );

  it.each([
    ['an operation name the document lacks', { operationName: 'Nope' }],
    ['no operation name', {}],
  ])('refuses %s with a 400 that says which operation is missing', async (_case, extra) => {
    const result = await post(api.app, {
      query: 'query A { about { name } } query B { __typename }',
      ...extra,
    });
    expect(result.status).toBe(400);
    expect(result.body?.errors).toEqual([
      {
        message: 'Could not determine what operation to execute.',
        extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// A corpus of bad requests. Each is sent to both apps; every answer is judged by the same rules.

const megabyte = 'x'.repeat(1024 * 1024);
const globalId = (typename: string, key: string) => Buffer.from(`${typename}:${key}`).toString('base64');
// As JSON text: JSON.stringify itself overflows the stack on a value nested this deep.
const DEEP = `${'{"nested":'.repeat(5_000)}"leaf"${'}'.repeat(5_000)}`;
/** A JSON body with `parameters` and, under `key`, a value nested 5,000 levels deep. */
const withDeep = (parameters: Record<string, unknown>, key: string) =>
  `${JSON.stringify(parameters).slice(0, -1)}, ${JSON.stringify(key)}: ${DEEP}}`;

interface BadRequest {
  url?: string;
  method?: 'GET' | 'POST';
  contentType?: string;
  accept?: string;
  /** A JSON body (stringified) or the body as sent. */
  body?: Record<string, unknown> | string;
}

const json = (query: string, variables?: Record<string, unknown>, operationName?: string): BadRequest => ({
  body: { query, ...(variables ? { variables } : {}), ...(operationName ? { operationName } : {}) },
});
const get = (parameters: Record<string, string>): BadRequest => ({
  method: 'GET',
  url: `${GRAPHQL_URL}?${new URLSearchParams(parameters)}`,
});

const CORPUS: [string, BadRequest][] = [
  // Syntax.
  ['a truncated document', json('{ about { name ')],
  ['a stray brace', json('}{')],
  ['a string where a field goes', json('{ "about" }')],
  ['an invalid escape in a string', json('{ search(text: "\\q") { score } }')],
  ['a long name where the syntax breaks', json(`{ about { name } } ${'z'.repeat(15_000)} !`)],
  // Validation.
  ['an unknown field', json('{ secrets { password } }')],
  ['an unknown field with a long name', json(`{ ${'a'.repeat(15_000)} }`)],
  ['an unknown argument', json('{ about(verbose: true) { name } }')],
  ['an argument of the wrong type', json('{ projects(first: "ten") { totalCount } }')],
  ['an unknown variable type', json('query($x: Nope) { about { name } }', { x: 1 })],
  ['an undefined variable', json('{ projects(first: $n) { totalCount } }')],
  ['a selection on a leaf', json('{ about { name { first } } }')],
  ['no selection on an object', json('{ about }')],
  ['an unknown fragment', json('{ ...Nope }')],
  // Variables.
  [
    'a variable of the wrong type',
    json('query($n: Int) { projects(first: $n) { totalCount } }', { n: 'ten' }),
  ],
  [
    'a long string for an Int variable',
    json('query($n: Int) { projects(first: $n) { totalCount } }', { n: 'z'.repeat(100_000) }),
  ],
  ['a missing required variable', json('query($n: Int!) { projects(first: $n) { totalCount } }')],
  [
    'null for a required variable',
    json('query($n: Int!) { projects(first: $n) { totalCount } }', { n: null }),
  ],
  ['an object for an ID variable', json('query($id: ID!) { node(id: $id) { id } }', { id: { a: 1 } })],
  [
    'an object for a Date variable',
    json('query($d: Date) { people(asOf: $d) { totalCount } }', { d: { a: 1 } }),
  ],
  ['variables nested 5,000 levels deep', { body: withDeep({ query: '{ about { name } }' }, 'variables') }],
  ['extensions nested 5,000 levels deep', { body: withDeep({ query: '{ about { name } }' }, 'extensions') }],
  [
    'a list variable of 100,000 bad items',
    json('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: Array.from({ length: 100_000 }, () => ({})),
    }),
  ],
  // Enums.
  [
    'a bad enum value',
    json('{ changes(from: "2024-01-01", to: "2024-01-31", kinds: [NOPE]) { totalCount } }'),
  ],
  [
    'a long bad enum value',
    json(`{ changes(from: "2024-01-01", to: "2024-01-31", kinds: [${'Y'.repeat(15_000)}]) { totalCount } }`),
  ],
  [
    'a long bad enum value in a variable',
    json(
      'query($k: [ChangeKind!]) { changes(from: "2024-01-01", to: "2024-01-31", kinds: $k) { totalCount } }',
      {
        k: ['Y'.repeat(100_000)],
      },
    ),
  ],
  [
    'a number for an enum variable',
    json(
      'query($k: [ChangeKind!]) { changes(from: "2024-01-01", to: "2024-01-31", kinds: $k) { totalCount } }',
      {
        k: [5],
      },
    ),
  ],
  ['a bad relationship kind', json('{ neighbourhood(id: "project:gadget", via: [NOPE]) { truncated } }')],
  // Ids.
  ['a malformed id', json('{ node(id: "!!!") { id } }')],
  ['a 1 MB id to node', json('query($id: ID!) { node(id: $id) { id } }', { id: megabyte })],
  ['a 1 MB id to person', json('query($id: ID!) { person(id: $id) { name } }', { id: megabyte })],
  [
    'a 1 MB id to neighbourhood',
    json('query($id: ID!) { neighbourhood(id: $id) { truncated } }', { id: megabyte }),
  ],
  [
    'a 1 MB id to path',
    json('query($id: ID!) { path(from: $id, to: $id) { shortest { length } } }', { id: megabyte }),
  ],
  [
    'a global id of a long made-up type to nodes',
    json('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [globalId('Q'.repeat(100_000), 'x')] }),
  ],
  ['a 1 MB date', json('query($d: Date) { people(asOf: $d) { totalCount } }', { d: megabyte })],
  ['a 1 MB cursor', json('query($a: String) { projects(after: $a) { totalCount } }', { a: megabyte })],
  ['1 MB of search text', json('query($t: String!) { search(text: $t) { score } }', { t: megabyte })],
  // Limits.
  ['a document over the size limit', json(`{ search(text: "${megabyte}") { score } }`)],
  ['a document over the token limit', json(`{ ${'__typename '.repeat(5_000)} }`)],
  [
    'a query nested too deep',
    json(
      `{ ${'project(name: "Gadget") { maintainers { edges { node { projects { edges { node { '.repeat(4)} name ${'} } } } } } } } '.repeat(4)} }`,
    ),
  ],
  ['too many aliases', json(`{ ${Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ')} }`)],
  [
    'a query over the cost limit',
    json(
      '{ projects(first: 100) { edges { node { maintainers(first: 100) { edges { node { projects(first: 100) { totalCount } } } } } } } }',
    ),
  ],
  ['a page size over the cap', json('{ projects(first: 1000) { totalCount } }')],
  // Operation types this API does not have.
  ['a mutation', json('mutation { x }')],
  ['a mutation of a real-looking field', json('mutation Import { importNow }')],
  ['a subscription', json('subscription { x }')],
  ['a subscription asking for a stream', { ...json('subscription { x }'), accept: 'text/event-stream' }],
  ['a mutation sent as GET', get({ query: 'mutation { about { name } }' })],
  ['a subscription sent as GET', get({ query: 'subscription { x }' })],
  // Operation names.
  ['an unknown operation name', json('query A { about { name } } query B { __typename }', undefined, 'C')],
  ['no operation name for several operations', json('query A { about { name } } query B { __typename }')],
  ['an operation name that is not a string', { body: { query: '{ about { name } }', operationName: 42 } }],
  // The HTTP envelope.
  ['a text/plain body', { contentType: 'text/plain', body: '{ about { name } }' }],
  ['an XML body', { contentType: 'application/xml', body: '<query>{ about { name } }</query>' }],
  [
    'a form body without a query',
    { contentType: 'application/x-www-form-urlencoded', body: 'variables=%7B%7D' },
  ],
  [
    'a multipart body that is not multipart',
    { contentType: 'multipart/form-data; boundary=x', body: 'nothing' },
  ],
  ['a JSON body that is not JSON', { body: '{"query": ' }],
  ['a query that is not a string', { body: { query: { about: 'name' } } }],
  ['variables that are an array', { body: { query: '{ about { name } }', variables: [1, 2] } }],
  ['GET without a query', get({})],
  ['GET variables that are not JSON', get({ query: '{ about { name } }', variables: '{nope' })],
  ['GET variables nested 5,000 levels deep', get({ query: '{ about { name } }', variables: DEEP })],
];

/** Text that tells of the server's insides: code, files, the database, graphql's internal wording. */
const INTERNALS =
  /Cannot read propert|is not a function|\bat [\w.<>]+ \(|\/work\/|node_modules|\.[cm]?[jt]s\b|Neo4jError|Neo\.[A-Z]|\bbolt:|Cypher|Runtime Object type|Enum "\w+" cannot represent value|Cannot return null for non-nullable|\[object Object\]|undefined/;

async function send(app: App, request: BadRequest): Promise<Probe> {
  const body =
    typeof request.body === 'string' || request.body === undefined
      ? request.body
      : JSON.stringify(request.body);
  return probe(app, request.url ?? GRAPHQL_URL, {
    method: request.method ?? 'POST',
    headers: {
      accept: request.accept ?? 'application/graphql-response+json, application/json',
      ...(body === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  });
}

/** The errors of an answer: of its JSON body, or of every `data:` line of an event stream. */
function errorsOf(result: Probe): ResponseError[] {
  if (result.body) return result.body.errors ?? [];
  return (
    result.text
      .split('\n')
      // `event: complete` comes with an empty `data:`.
      .filter((line) => line.startsWith('data:') && line.slice('data:'.length).trim() !== '')
      .flatMap((line) => (JSON.parse(line.slice('data:'.length)) as GraphQLResponse<unknown>).errors ?? [])
  );
}

/** What is wrong with one answer to a bad request; empty when nothing is. */
function faultsOf(result: Probe): string[] {
  const faults: string[] = [];
  if (result.status >= 500) faults.push(`status ${result.status}`);
  if (STACK_TRACE.test(result.text)) faults.push('a stack trace');
  const errors = errorsOf(result);
  // A body of a media type that is not GraphQL's is refused by HTTP alone (415, no body).
  const refusedByHttp = result.status === 415 && result.text === '';
  if (!refusedByHttp && errors.length === 0) {
    faults.push(`no errors: ${result.status} ${result.text.slice(0, 200)}`);
  }
  for (const error of errors) {
    const code = error.extensions?.code;
    if (typeof code !== 'string') faults.push(`no code: ${error.message.slice(0, 200)}`);
    // Every request here is the client's mistake: none is the server's own error.
    if (code === 'INTERNAL_SERVER_ERROR') faults.push(`an internal error for a bad request`);
    if (error.message.length > MAX_MESSAGE_LENGTH)
      faults.push(`a message of ${error.message.length} characters`);
    if (INTERNALS.test(error.message)) faults.push(`internal text: ${error.message.slice(0, 200)}`);
  }
  return faults;
}

describe('a corpus of bad requests', () => {
  it.each(CORPUS)(
    'answers %s with coded errors, short messages and nothing of the server',
    async (_case, request) => {
      for (const [label, app] of apps()) {
        const result = await send(app, request);
        expect([label, faultsOf(result)]).toEqual([label, []]);
        // The whole answer is small too: no megabyte comes back, in an error or anywhere else.
        expect([label, result.text.length < 10_000]).toEqual([label, true]);
      }
    },
  );
});

describe('requests that were 500s', () => {
  it.each([
    ['variables', 'query($x: String) { about { name } }'],
    ['variables', '{ about { name } }'],
    ['extensions', '{ about { name } }'],
  ])('refuses %s nested 5,000 levels deep (for "%s") with a 400 that says so', async (key, query) => {
    for (const [label, app] of apps()) {
      const result = await send(app, { body: withDeep({ query }, key), accept: 'application/json' });
      expect([label, result.status]).toEqual([label, 400]);
      expect(result.body?.errors).toEqual([
        {
          message: `The ${key} are nested more than ${MAX_VARIABLES_DEPTH} levels deep`,
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ]);
    }
  });

  it('accepts variables nested as deep as an input may be', async () => {
    let nested: unknown = 'x';
    for (let level = 1; level < MAX_VARIABLES_DEPTH; level += 1) nested = [nested];
    const result = await post(api.app, { query: '{ about { name } }', variables: { unused: nested } });
    expect(result.status).toBe(200);
    expect(result.body?.errors).toBeUndefined();
  });

  it.each([
    ['subscription { x }', 'subscriptions'],
    ['subscription Feed { about { name } }', 'subscriptions'],
    ['mutation { x }', 'mutations'],
    ['mutation Import { importNow }', 'mutations'],
  ])('refuses "%s" with a 400 that says the API has no %s', async (query, kind) => {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const result = await post(api.app, { query }, accept);
      expect([accept, result.status]).toEqual([accept, 400]);
      expect(result.body?.errors).toHaveLength(1);
      expect(result.body?.errors?.[0]).toMatchObject({
        message: `This API has no ${kind}: it answers queries only`,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
    }
  });
});

describe('answers with many errors', () => {
  it('lists the first 49 errors of a list variable of 100,000 bad items, then how many were left out', async () => {
    const result = await post(api.app, {
      query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      variables: { ids: Array.from({ length: 100_000 }, () => ({})) },
    });
    expect(result.status).toBe(400);
    const errors = result.body?.errors ?? [];
    expect(errors).toHaveLength(MAX_ERRORS);
    expect(new Set(errors.slice(0, -1).map((error) => error.extensions?.code))).toEqual(
      new Set(['BAD_USER_INPUT']),
    );
    expect(errors.at(-1)).toEqual({
      message: `${100_000 - (MAX_ERRORS - 1)} more errors were left out`,
      extensions: { code: 'TOO_MANY_ERRORS' },
    });
  });
});

describe('input quoted back in errors', () => {
  it.each([
    ['node', 'query($id: ID!) { node(id: $id) { id } }'],
    ['person', 'query($id: ID!) { person(id: $id) { name } }'],
    ['nodes', 'query($id: ID!) { nodes(ids: [$id]) { id } }'],
  ])('quotes at most the start of a 1 MB id given to %s', async (_field, query) => {
    const result = await post(api.app, { query, variables: { id: megabyte } });
    expect(result.body?.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const message = result.body?.errors?.[0]?.message ?? '';
    expect(message).toContain(`"${'x'.repeat(60)}…"`);
    expect(message.length).toBeLessThan(200);
  });

  it('cuts what graphql quotes, keeping what it says about it', async () => {
    const result = await post(api.app, {
      query:
        'query($k: [ChangeKind!]) { changes(from: "2024-01-01", to: "2024-01-31", kinds: $k) { totalCount } }',
      variables: { k: ['Y'.repeat(100_000)] },
    });
    expect(result.body?.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(result.body?.errors?.[0]?.message).toMatch(
      new RegExp(`^Variable "\\$k" got invalid value "${'Y'.repeat(60)}…"; Expected type ChangeKind\\.$`),
    );
  });
});

describe('errors nobody raised on purpose', () => {
  /** An app over an executor whose rows `spoil` changes after Neo4j answers. */
  function appWithSpoiledRows(spoil: (row: Record<string, unknown>) => void): App {
    const spoilAll = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(spoilAll);
      else if (value !== null && typeof value === 'object') {
        spoil(value as Record<string, unknown>);
        Object.values(value).forEach(spoilAll);
      }
    };
    class SpoilingExecutor extends GraphExecutor {
      override async read<Row extends RecordShape>(
        cypher: string,
        parameters?: Record<string, unknown>,
        purpose?: string,
      ): Promise<Row[]> {
        const rows = await super.read<Row>(cypher, parameters, purpose);
        spoilAll(rows);
        return rows;
      }
    }
    const graph = new SpoilingExecutor(api.driver, {
      database: inject('neo4j').database,
      queryTimeoutMs: 30_000,
    });
    return createApp({ graph, logger: createLogger('silent') });
  }

  it.each([
    [
      'a null where the schema promises a value',
      (row: Record<string, unknown>) => {
        if ('name' in row) row.name = null;
      },
      '{ project(name: "Gadget") { name } }',
    ],
    [
      'an entity of a kind the schema does not know',
      (row: Record<string, unknown>) => {
        if ('label' in row) row.label = 'Spaceship';
      },
      '{ search(text: "Gadget") { entity { ... on Project { name } } } }',
    ],
  ])('masks %s as INTERNAL_SERVER_ERROR, "Unexpected error."', async (_case, spoil, query) => {
    const result = await post(appWithSpoiledRows(spoil), { query }, 'application/json');
    expect(result.status).toBeLessThan(500);
    expect(result.body?.errors?.length).toBeGreaterThan(0);
    for (const error of result.body?.errors ?? []) {
      expect(error).toMatchObject({
        message: 'Unexpected error.',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    }
    expect(result.text).not.toMatch(INTERNALS);
  });
});
