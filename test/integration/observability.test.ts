import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { observabilityPlugins } from '../../src/observability/index.ts';

// Reads only: this file neither writes nor wipes the shared database.
const neo = inject('neo4j');

describe('observability over the real executor', () => {
  const driver = createDriver({ ...neo, pid: null, stop: async () => {} });
  afterAll(async () => {
    await driver.close();
  });

  it('counts a page of projects as one Cypher round trip, in the log line and the histogram', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const registry = new Registry();
    const app = createApp({
      // Generous: the first query on a fresh JVM is planned and compiled cold.
      graph: new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 60_000 }),
      logger,
      plugins: observabilityPlugins({ logger, metrics: true, registry }),
    });

    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'page-of-projects' },
      body: JSON.stringify({ query: 'query TwoProjects { projects(first: 2) { edges { node { name } } } }' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();

    const line = lines.find(
      (each) => each.requestId === 'page-of-projects' && each.msg === 'Request completed',
    );
    expect(line).toMatchObject({
      operationName: 'TwoProjects',
      operationType: 'query',
      roundTrips: 1,
      errors: 0,
    });

    const text = await registry.metrics();
    expect(text).toContain('cncf_kg_cypher_round_trips_per_request_bucket{le="0"} 0');
    expect(text).toContain('cncf_kg_cypher_round_trips_per_request_bucket{le="1"} 1');
    expect(text).toContain('cncf_kg_cypher_round_trips_per_request_sum 1');
    expect(text).toContain('cncf_kg_cypher_round_trips_per_request_count 1');
  });
});
