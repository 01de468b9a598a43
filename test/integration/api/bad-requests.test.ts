import { readFileSync } from 'node:fs';
import { Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import type { RecordShape } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type App, createApp } from '../../../src/app.ts';
import { MAX_ERRORS, MAX_VARIABLE_VALUES, MAX_VARIABLES_DEPTH } from '../../../src/client-errors.ts';
import { createLogger } from '../../../src/logger.ts';
import { GraphExecutor } from '../../../src/neo4j/executor.ts';
import { MAX_TEXT_LENGTH } from '../../../src/schema/text.ts';
import { loadFixtureGraph } from '../../fixtures/graph.ts';
import { CORPUS, faultsOf, INTERNALS, send, withDeep } from '../../support/bad-requests.ts';
import { TestApi } from '../../support/graphql-client.ts';
import { GRAPHQL_URL, type Probe, probe } from '../../support/http-probe.ts';

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
  // As many bad items as the variables may hold: the variables object and the list count too.
  const items = MAX_VARIABLE_VALUES - 2;

  it(`lists the first 49 errors of a list variable of ${items} bad items, then how many were left out`, async () => {
    const result = await post(api.app, {
      query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      variables: { ids: Array.from({ length: items }, () => ({})) },
    });
    expect(result.status).toBe(400);
    const errors = result.body?.errors ?? [];
    expect(errors).toHaveLength(MAX_ERRORS);
    expect(new Set(errors.slice(0, -1).map((error) => error.extensions?.code))).toEqual(
      new Set(['BAD_USER_INPUT']),
    );
    expect(errors.at(-1)).toEqual({
      message: `${items - (MAX_ERRORS - 1)} more errors were left out`,
      extensions: { code: 'TOO_MANY_ERRORS' },
    });
  });

  it('refuses variables of more values before coercing any (100,000 items held the event loop 1.6 s)', async () => {
    for (const [label, app] of apps()) {
      const result = await post(app, {
        query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
        variables: { ids: Array.from({ length: 100_000 }, () => ({})) },
      });
      expect([label, result.status]).toEqual([label, 400]);
      expect(result.body?.errors).toEqual([
        {
          message: `The variables hold more than ${MAX_VARIABLE_VALUES} values`,
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ]);
    }
  });
});

describe('input quoted back in errors', () => {
  const queries: [string, string][] = [
    ['node', 'query($id: ID!) { node(id: $id) { id } }'],
    ['person', 'query($id: ID!) { person(id: $id) { name } }'],
    ['nodes', 'query($id: ID!) { nodes(ids: [$id]) { id } }'],
  ];

  // The longest id a resolver sees (longer text is refused before any resolver runs, below).
  it.each(queries)('quotes at most the start of a 200-character id given to %s', async (_field, query) => {
    const result = await post(api.app, { query, variables: { id: 'x'.repeat(MAX_TEXT_LENGTH) } });
    expect(result.body?.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const message = result.body?.errors?.[0]?.message ?? '';
    expect(message).toContain(`"${'x'.repeat(60)}…"`);
    expect(message.length).toBeLessThan(200);
  });

  // Just under the body limit: refused for its length, and none of it is quoted.
  it.each(queries)('quotes nothing of a 900,000-character id given to %s', async (_field, query) => {
    const result = await post(api.app, { query, variables: { id: 'x'.repeat(900_000) } });
    expect(result.body?.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const message = result.body?.errors?.[0]?.message ?? '';
    expect(message).toMatch(/must be at most 200 characters$/);
    expect(message).not.toContain('xxx');
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
