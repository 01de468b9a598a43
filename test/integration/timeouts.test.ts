import { GraphQLError } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { toClientError } from '../../src/client-errors.ts';
import { loadConfig } from '../../src/config.ts';
import { applySchema, writeSource } from '../../src/import/load.ts';
import type { ClaimFact, NodeFact } from '../../src/import/model.ts';
import { createLogger } from '../../src/logger.ts';
import { CypherScripts } from '../../src/neo4j/cypher-scripts.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { GraphExecutor, GraphTimeoutError, GraphUnavailableError } from '../../src/neo4j/executor.ts';
import { codesOf, postGraphQL, STACK_TRACE, within } from '../support/http-probe.ts';

// A query that runs past its transaction timeout is stopped by Neo4j, reported as QUERY_TIMEOUT,
// and leaves the driver, its pool and the server fit for the next query. Over the shared Neo4j.
const neo = inject('neo4j');

// Neo4j checks transaction timeouts periodically, not on the dot: a 500 ms timeout fires within
// about a second or two. "A few seconds" is the promise.
const TIMEOUT_LATENCY_MS = 5_000;
const SLOW_CYPHER = 'UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 0 RETURN count(x) AS n';

// A real field made slow by invented data: `maintainerOrganizations` looks, for each affiliation a
// maintainer has for the project, for a holding maintainer claim on the same line of the same
// file (rows.ts sameRow), so thousands of both cost millions of steps. Two people with 3,000
// MAINTAINS claims each on one project, and 3,000 affiliations each for that project on other
// lines, so no line matches and every step runs.
// Neo4j looks for timed-out transactions every 2 s (db.transaction.monitor.check.interval), so the
// field must take well over 2 s for a short timeout to be sure to stop it.
const SLOW_PROJECT = 'project:slow-lane';
const SLOW_EMPLOYER = 'organization:slow-employer';
const SLOW_PEOPLE = 2;
const CLAIMS_PER_PERSON = 3_000;
const SLOW_FIELD =
  '{ project(name: "Slow Lane") { maintainerOrganizations(asOf: "2020-01-01") { maintainers } } }';

let driver: Driver;

function executor(queryTimeoutMs: number): GraphExecutor {
  return new GraphExecutor(driver, { database: neo.database, queryTimeoutMs });
}

function noResponseCache() {
  return { ...loadConfig({}).api, responseCacheTtlMs: 0 };
}

async function loadSlowGraph(graph: GraphExecutor): Promise<void> {
  await graph.write('MATCH (n) DETACH DELETE n');
  const scripts = new CypherScripts();
  await applySchema(graph, scripts);
  const nodes: NodeFact[] = [
    { label: 'Project', id: SLOW_PROJECT, name: 'Slow Lane', aliases: [], props: {} },
    { label: 'Organization', id: SLOW_EMPLOYER, name: 'Slow Employer', aliases: [], props: {} },
  ];
  const claims: ClaimFact[] = [];
  for (let person = 0; person < SLOW_PEOPLE; person += 1) {
    const id = `person:gh:slow-${person}`;
    nodes.push({
      label: 'Person',
      id,
      name: `Slow Person ${person}`,
      aliases: [],
      props: { handle: `slow-${person}` },
    });
    for (let index = 0; index < CLAIMS_PER_PERSON; index += 1) {
      // Undated: each holds on every day.
      const line = claims.length + 1;
      claims.push({
        type: 'MAINTAINS',
        from: { label: 'Person', id },
        to: { label: 'Project', id: SLOW_PROJECT },
        line,
        key: `MAINTAINS|${id}|${SLOW_PROJECT}|L${line}`,
        props: {},
      });
      // On a line no maintainer claim is on.
      const affiliationLine = 1_000_000 + line;
      claims.push({
        type: 'AFFILIATED_WITH',
        from: { label: 'Person', id },
        to: { label: 'Organization', id: SLOW_EMPLOYER },
        line: affiliationLine,
        key: `AFFILIATED_WITH|${id}|${SLOW_EMPLOYER}|L${affiliationLine}`,
        props: { forProject: SLOW_PROJECT },
      });
    }
  }
  const commit = '0'.repeat(40);
  await writeSource(
    graph,
    scripts,
    { sourceId: 'fixture/slow-lane.md@0000000', nodes, claims, rejected: [] },
    {
      kind: 'file',
      repository: 'example/slow-lane',
      path: 'slow-lane.md',
      commit,
      url: `https://github.com/example/slow-lane/blob/${commit}/slow-lane.md`,
      sha256: 'fixture',
    },
  );
}

beforeAll(async () => {
  driver = createDriver({ ...neo, pid: null, stop: async () => {} });
  await loadSlowGraph(executor(120_000));
});

afterAll(async () => {
  await driver?.close();
});

/** How many transactions tagged with `purpose` Neo4j is still running. */
async function runningTransactions(purpose: string): Promise<number> {
  const session = driver.session({ database: neo.database });
  try {
    const result = await session.run(
      'SHOW TRANSACTIONS YIELD metaData, status WHERE metaData.purpose = $purpose RETURN count(*) AS running',
      { purpose },
    );
    return result.records[0]?.get('running') as number;
  } finally {
    await session.close();
  }
}

describe('the transaction timeout', () => {
  it('stops a slow read within a few seconds as a GraphTimeoutError, on the server too', async () => {
    const graph = executor(500);
    const started = performance.now();
    const outcome = await within(
      30_000,
      'slow read',
      graph.read(SLOW_CYPHER, {}, 'timeouts-test-slow-read'),
    ).then(
      () => 'answered',
      (error: unknown) => error,
    );
    const ms = performance.now() - started;
    console.info(`[timeouts] 500 ms transaction timeout: the slow read failed after ${Math.round(ms)} ms`);
    expect(outcome).toBeInstanceOf(GraphTimeoutError);
    expect(ms).toBeLessThan(TIMEOUT_LATENCY_MS);
    // Neo4j ended the transaction: it does not go on burning a CPU after the client gave up.
    expect(await runningTransactions('timeouts-test-slow-read')).toBe(0);
  });

  it('leaves the executor, the driver and the server serving the next queries normally', async () => {
    const graph = executor(500);
    const timedOut = await Promise.allSettled(
      Array.from({ length: 4 }, () => within(30_000, 'slow read', graph.read(SLOW_CYPHER))),
    );
    expect(timedOut.map((settled) => settled.status === 'rejected' && settled.reason)).toEqual(
      Array.from({ length: 4 }, () => expect.any(GraphTimeoutError)),
    );

    const started = performance.now();
    expect(await graph.read('RETURN 1 AS ok')).toEqual([{ ok: 1 }]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await graph.read('MATCH (p:Person) RETURN count(p) AS people')).toEqual([{ people: SLOW_PEOPLE }]);
    expect(await graph.ping()).toBe(true);
  });
});

describe('QUERY_TIMEOUT through GraphQL', () => {
  it('maps the graph layer’s timeout and outage errors to codes a client can act on', () => {
    const timeout = toClientError(new GraphTimeoutError('The query took longer than the configured timeout'));
    expect(timeout).toBeInstanceOf(GraphQLError);
    expect((timeout as GraphQLError).extensions.code).toBe('QUERY_TIMEOUT');
    expect((timeout as GraphQLError).message).toBe('The query took too long and was stopped; ask for less.');
    const outage = toClientError(new GraphUnavailableError('Neo4j is unavailable: connection refused'));
    expect((outage as GraphQLError).extensions.code).toBe('SERVICE_UNAVAILABLE');
    // Anything else is left for the masking to hide.
    const other = new Error('something else');
    expect(toClientError(other)).toBe(other);
  });

  it('answers the slow field when the timeout allows it (the field is genuinely slow, not broken)', async () => {
    const app = createApp({
      graph: executor(120_000),
      logger: createLogger('silent'),
      api: noResponseCache(),
    });
    const result = await postGraphQL(app, SLOW_FIELD);
    console.info(`[timeouts] the slow field with a generous timeout answered in ${Math.round(result.ms)} ms`);
    expect(result.status).toBe(200);
    // Both maintainers, with no employer on their lines.
    expect(result.body).toEqual({ data: { project: { maintainerOrganizations: [{ maintainers: 2 }] } } });
    // Slower than the 100 ms timeout below by a wide margin, or the next test would prove nothing.
    expect(result.ms).toBeGreaterThan(500);
  });

  it('stops the slow field with QUERY_TIMEOUT in a 200, within a few seconds, and then serves normally', async () => {
    const app = createApp({ graph: executor(100), logger: createLogger('silent'), api: noResponseCache() });
    const QUICK = '{ person(handle: "slow-0") { name } }';
    // Planned once before: a statement's first planning can itself take 100 ms on a cold server.
    await postGraphQL(app, QUICK);
    const result = await within(30_000, 'slow field', postGraphQL(app, SLOW_FIELD));
    console.info(`[timeouts] the slow field with a 100 ms timeout failed after ${Math.round(result.ms)} ms`);
    expect(result.status).toBe(200);
    expect(codesOf(result)).toEqual(['QUERY_TIMEOUT']);
    expect(result.body?.errors?.[0]).toMatchObject({
      message: 'The query took too long and was stopped; ask for less.',
      path: ['project', 'maintainerOrganizations'],
    });
    expect(result.text).not.toMatch(STACK_TRACE);
    expect(result.text).not.toMatch(/Neo\.ClientError|TransactionTimedOut|Cypher/i);
    expect(result.ms).toBeLessThan(TIMEOUT_LATENCY_MS);

    // The same app, the same executor: a quick query answers right after.
    const next = await postGraphQL(app, QUICK);
    expect(next.body).toEqual({ data: { person: { name: 'Slow Person 0' } } });
    expect((await app.fetch('http://yoga/ready')).status).toBe(200);
  });

  it('gives QUERY_TIMEOUT, not a 500, with the GraphQL response media type too', async () => {
    const app = createApp({ graph: executor(100), logger: createLogger('silent'), api: noResponseCache() });
    const result = await postGraphQL(app, SLOW_FIELD, {}, 'application/graphql-response+json');
    expect(result.status).toBeLessThan(500);
    expect(codesOf(result)).toEqual(['QUERY_TIMEOUT']);
  });
});
