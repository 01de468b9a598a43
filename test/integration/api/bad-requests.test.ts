import { readFileSync } from 'node:fs';
import { Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type App, createApp } from '../../../src/app.ts';
import { createLogger } from '../../../src/logger.ts';
import { loadFixtureGraph } from '../../fixtures/graph.ts';
import { TestApi } from '../../support/graphql-client.ts';
import { GRAPHQL_URL, type Probe, probe } from '../../support/http-probe.ts';

// A document of several operations runs the one `operationName` names, every time, with the
// response cache and without. Over the invented fixture graph.
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
