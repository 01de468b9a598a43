import type { RecordShape } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { createLogger } from '../../../src/logger.ts';
import { GraphExecutor, GraphTimeoutError, GraphUnavailableError } from '../../../src/neo4j/executor.ts';
import { loadFixtureGraph } from '../../fixtures/graph.ts';
import { errorCodes, type GraphQLResponse, TestApi } from '../../support/graphql-client.ts';

// What clients get for bad input and for failures: a BAD_USER_INPUT they can act on, or a masked
// "Unexpected error." that gives nothing of the server away. Over the invented fixture graph.
let api: TestApi;

beforeAll(async () => {
  api = TestApi.connect(inject('neo4j'));
  await loadFixtureGraph(api.graph);
});

afterAll(async () => {
  await api?.close();
});

describe('page sizes and cursors', () => {
  it.each([
    ['first: 0 on a relation', '{ project(name: "Gadget") { maintainers(first: 0) { totalCount } } }'],
    ['first: 101 on a relation', '{ project(name: "Gadget") { maintainers(first: 101) { totalCount } } }'],
    ['first: -1 on a root list', '{ projects(first: -1) { totalCount } }'],
    ['first: 101 on a root list', '{ people(first: 101) { totalCount } }'],
    ['first: 0 on search', '{ search(text: "widget", first: 0) { score } }'],
    ['first: 51 on search', '{ search(text: "widget", first: 51) { score } }'],
  ])('refuses %s as BAD_USER_INPUT', async (_case, query) => {
    const result = await api.request(query);
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toMatch(/first must be between 1 and (100|50)/);
  });

  it.each([
    ['not base64 JSON', 'garbage!'],
    ['base64 JSON of the wrong shape', Buffer.from(JSON.stringify({ a: 1 })).toString('base64url')],
    ['an empty-looking cursor', '='],
  ])('refuses an after cursor that is %s as BAD_USER_INPUT', async (_case, after) => {
    for (const query of [
      'query($after: String) { project(name: "Gadget") { maintainers(after: $after) { totalCount } } }',
      'query($after: String) { projects(after: $after) { totalCount } }',
    ]) {
      const result = await api.request(query, { after });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.extensions?.argument).toBe('after');
    }
  });

  it('accepts the largest page size allowed', async () => {
    const data = await api.query<{ project: { maintainers: { edges: unknown[] } } }>(
      '{ project(name: "Gadget") { maintainers(first: 100) { edges { cursor } } } }',
    );
    expect(data.project.maintainers.edges).toHaveLength(25);
  });
});

describe('dates', () => {
  it('refuses a day that does not exist as BAD_USER_INPUT, inline or as a variable', async () => {
    const inline = await api.request('{ body(name: "TOC") { members(asOf: "2021-02-30") { totalCount } } }');
    expect(errorCodes(inline)).toEqual(['BAD_USER_INPUT']);
    expect(inline.errors?.[0]?.message).toMatch(/2021-02-30 is not a calendar date/);
    const variable = await api.request(
      'query($day: Date) { body(name: "TOC") { members(asOf: $day) { totalCount } } }',
      { day: '2021-02-30' },
    );
    expect(errorCodes(variable)).toEqual(['BAD_USER_INPUT']);
  });

  it.each(['2021-6-1', '01/06/2021', '2021-06-01T00:00:00Z', ''])(
    'refuses "%s", which is not YYYY-MM-DD, as BAD_USER_INPUT',
    async (day) => {
      const result = await api.request(
        'query($day: Date) { body(name: "TOC") { members(asOf: $day) { totalCount } } }',
        { day },
      );
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    },
  );

  it('accepts 29 February in a leap year', async () => {
    const data = await api.query<{ body: { members: { totalCount: number } } }>(
      '{ body(name: "TOC") { members(asOf: "2024-02-29") { totalCount } } }',
    );
    // Cleo (alternate, until 2024-03-01) and Dana (chair).
    expect(data.body.members.totalCount).toBe(2);
  });
});

describe('ids', () => {
  it('refuses an id argument that is neither a key nor a global id as BAD_USER_INPUT', async () => {
    const result = await api.request('{ person(id: "not an id!") { name } }');
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions?.argument).toBe('id');
  });
});

describe('failures inside the server', () => {
  /** An executor over the real driver whose reads fail as `failure` says. */
  function failingApp(failure: () => Error) {
    class FailingExecutor extends GraphExecutor {
      override async read<Row extends RecordShape>(): Promise<Row[]> {
        throw failure();
      }
    }
    const graph = new FailingExecutor(api.driver, {
      database: inject('neo4j').database,
      queryTimeoutMs: 5_000,
    });
    return createApp({ graph, logger: createLogger('silent') });
  }

  async function post(app: ReturnType<typeof createApp>, query: string) {
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const text = await response.text();
    return { text, body: JSON.parse(text) as GraphQLResponse<unknown> };
  }

  it('masks an unexpected error: no message, no stack, no detail of the cause', async () => {
    const app = failingApp(() => new Error('secret detail: bolt://neo4j:hunter22@db.internal:7687'));
    for (const query of [
      '{ person(handle: "ada-example") { name } }',
      '{ projects { edges { node { name } } } }',
      '{ search(text: "widget") { score } }',
    ]) {
      const { text, body } = await post(app, query);
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]?.message).toBe('Unexpected error.');
      expect(text).not.toMatch(/secret|hunter22|db\.internal|stack|\.ts:\d+|at [\w.]+ \(/);
    }
  });

  it('says SERVICE_UNAVAILABLE when Neo4j cannot be reached, for lists and lookups alike', async () => {
    // Lookups as well as lists: a GraphUnavailableError from any resolver reaches the client as
    // SERVICE_UNAVAILABLE, not masked as "Unexpected error." (as lookups once were).
    const app = failingApp(() => new GraphUnavailableError('Neo4j is unavailable: connection refused'));
    for (const query of ['{ projects { totalCount } }', '{ person(handle: "ada-example") { name } }']) {
      const { body } = await post(app, query);
      expect([query, errorCodes(body)]).toEqual([query, ['SERVICE_UNAVAILABLE']]);
    }
  });

  it('says where an outage or a timeout struck: the error keeps its path', async () => {
    for (const failure of [
      () => new GraphUnavailableError('Neo4j is unavailable: connection refused'),
      () => new GraphTimeoutError('The query took longer than the configured timeout'),
    ]) {
      const { body } = await post(failingApp(failure), '{ a: search(text: "widget") { score } }');
      expect(body.errors).toEqual([expect.objectContaining({ path: ['a'] })]);
      expect(errorCodes(body)).toEqual([
        failure().name === 'GraphTimeoutError' ? 'QUERY_TIMEOUT' : 'SERVICE_UNAVAILABLE',
      ]);
    }
  });
});
