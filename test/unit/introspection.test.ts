import { execute, getIntrospectionQuery, parse } from 'graphql';
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import {
  EVERYTHING_INTROSPECTION_TELLS,
  introspectionWorkerFor,
  MAX_QUEUED_INTROSPECTION,
  rootSelection,
} from '../../src/introspection.ts';
import { createLogger } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { schema } from '../../src/schema/index.ts';

const FULL = getIntrospectionQuery(EVERYTHING_INTROSPECTION_TELLS);

describe('rootSelection', () => {
  it.each([
    ['{ __schema { queryType { name } } }', undefined, 'introspection'],
    ['{ __type(name: "Person") { name } __typename }', undefined, 'introspection'],
    ['{ __typename }', undefined, 'data'],
    ['{ project(name: "x") { name } }', undefined, 'data'],
    ['{ __schema { types { name } } project(name: "x") { name } }', undefined, 'mixed'],
    [
      '{ ... on Query { ...F } } fragment F on Query { __schema { types { name } } }',
      undefined,
      'introspection',
    ],
    [
      '{ ...F } fragment F on Query { ... on Query { project(name: "x") { name } } __type(name: "A") { name } }',
      undefined,
      'mixed',
    ],
    ['query A { __typename } query B { __schema { types { name } } }', 'B', 'introspection'],
    ['query A { __typename } query B { __schema { types { name } } }', 'A', 'data'],
    ['query A { __typename }', 'C', 'none'],
    // A fragment spread twice, and one spreading itself (validation refuses it; this must not loop).
    ['{ ...F ...F } fragment F on Query { ...F __type(name: "A") { name } }', undefined, 'introspection'],
  ])('classifies %s (operation %s) as %s', (text, operationName, expected) => {
    expect(rootSelection(parse(text), operationName)).toBe(expected);
  });
});

/** graphql-js on the schema itself, as JSON: what the worker's answers must equal. */
function inProcess(text: string, operationName?: string, variables?: Record<string, unknown>) {
  return JSON.parse(
    JSON.stringify(execute({ schema, document: parse(text), operationName, variableValues: variables })),
  );
}

async function fromWorker(text: string, operationName?: string, variables?: Record<string, unknown>) {
  return JSON.parse(
    JSON.stringify(await introspectionWorkerFor(schema).execute(parse(text), operationName, variables)),
  );
}

describe('the introspection worker', () => {
  it.each([
    ['the full introspection query', FULL, undefined, undefined],
    ['the default introspection query', getIntrospectionQuery(), undefined, undefined],
    [
      'one type with arguments and default values',
      `{ __type(name: "Query") { name fields(includeDeprecated: true) { name isDeprecated deprecationReason
          args(includeDeprecated: true) { name defaultValue type { kind name ofType { kind name ofType { name } } } } } } }`,
      undefined,
      undefined,
    ],
    [
      'variables and directives',
      `query Q($name: String!, $withFields: Boolean!) { __type(name: $name) { name kind
          fields @include(if: $withFields) { name } enumValues { name } } __typename }`,
      'Q',
      { name: 'RelationshipKind', withFields: false },
    ],
    ['a type that does not exist', '{ __type(name: "NoSuchType") { name } }', undefined, undefined],
  ])('answers %s exactly as graphql-js does on the schema', async (_name, text, operationName, variables) => {
    const expected = inProcess(text, operationName, variables);
    expect(expected.errors).toBeUndefined();
    expect(await fromWorker(text, operationName, variables)).toEqual(expected);
  });

  it('reports errors with their message, location and path as graphql-js does', async () => {
    const text = 'query Q($name: String!) {\n  __type(name: $name) { name }\n}';
    const expected = inProcess(text, 'Q', {});
    expect(expected.errors).toHaveLength(1);
    expect(await fromWorker(text, 'Q', {})).toEqual(expected);
  });

  it('answers many at once, each its own question', async () => {
    const names = ['Person', 'Organization', 'Project', 'RelationshipKind', 'Query', 'Entity'];
    const answers = await Promise.all(
      names.map((name) =>
        introspectionWorkerFor(schema).execute(
          parse('query($n: String!) { __type(name: $n) { name } }'),
          undefined,
          {
            n: name,
          },
        ),
      ),
    );
    expect(answers.map((answer) => (answer.data?.__type as { name: string } | null)?.name)).toEqual(names);
  });

  it(`refuses with SERVICE_UNAVAILABLE beyond ${MAX_QUEUED_INTROSPECTION} waiting, and answers those`, async () => {
    const document = parse('{ __schema { queryType { name } } }');
    const answers = await Promise.all(
      Array.from({ length: MAX_QUEUED_INTROSPECTION + 8 }, () =>
        introspectionWorkerFor(schema).execute(document, undefined, undefined),
      ),
    );
    const codes = answers.map((answer) => answer.errors?.[0]?.extensions?.code ?? 'answered');
    expect(codes.filter((code) => code === 'answered')).toHaveLength(MAX_QUEUED_INTROSPECTION);
    expect(codes.filter((code) => code === 'SERVICE_UNAVAILABLE')).toHaveLength(8);
  });
});

describe('a service whose introspection worker is full', () => {
  it('answers an introspection query 503 SERVICE_UNAVAILABLE, not 400', async () => {
    const driver = neo4j.driver('bolt://127.0.0.1:9', neo4j.auth.basic('nobody', 'nothing'));
    const app = createApp({
      graph: new GraphExecutor(driver, { database: 'neo4j', queryTimeoutMs: 1_000 }),
      logger: createLogger('silent'),
    });
    try {
      const ask = (query: string) =>
        app.fetch('http://yoga/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query }),
        });
      // Warm: the app's first request does work the one below must not wait on.
      await (await ask('{ __typename }')).text();
      // Fill the queue from here with the full introspection (tens of milliseconds each for the
      // worker), so the request below, milliseconds away, finds it full.
      const document = parse(FULL);
      const waiting = Array.from({ length: MAX_QUEUED_INTROSPECTION }, () =>
        introspectionWorkerFor(schema).execute(document, undefined, undefined),
      );
      const response = await ask('{ __type(name: "Person") { name } }');
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect([response.status, body.errors?.[0]?.extensions?.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      await Promise.all(waiting);
    } finally {
      await driver.close();
    }
  });
});

describe('a process that has answered introspection', () => {
  it('still exits by itself: the worker does not keep it alive', async () => {
    const { spawnSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const source = (path: string) => JSON.stringify(fileURLToPath(new URL(path, import.meta.url)));
    const script = `
      const { introspectionWorkerFor } = await import(${source('../../src/introspection.ts')});
      const { schema } = await import(${source('../../src/schema/index.ts')});
      const { parse } = await import('graphql');
      const answer = await introspectionWorkerFor(schema).execute(parse('{ __schema { queryType { name } } }'));
      console.log(JSON.stringify(answer));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stdout.trim(), child.stderr).toBe('{"data":{"__schema":{"queryType":{"name":"Query"}}}}');
    // Killed by the timeout otherwise (status null, signal SIGTERM).
    expect(child.status).toBe(0);
  });
});
