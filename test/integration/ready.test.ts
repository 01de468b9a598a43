import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { hostAndPort, startTcpProxy } from '../support/tcp-proxy.ts';

const neo = inject('neo4j');

describe('readiness', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('answers /ready with 503 while Neo4j is unreachable and 200 once it answers, /health 200 throughout', async () => {
    const proxy = await startTcpProxy(hostAndPort(neo.uri));
    cleanups.push(() => proxy.close());
    const driver = createDriver({
      ...neo,
      kind: 'external',
      uri: `bolt://127.0.0.1:${proxy.port}`,
      pid: null,
      stop: async () => {},
    });
    cleanups.push(() => driver.close());
    const graph = new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 5_000 });
    const app = createApp({ graph, logger: createLogger('silent') });

    const whileDown = await app.fetch('http://yoga/ready');
    expect(whileDown.status).toBe(503);
    expect((await app.fetch('http://yoga/health')).status).toBe(200);

    proxy.connect();
    const whenUp = await app.fetch('http://yoga/ready');
    expect(whenUp.status).toBe(200);
    expect((await app.fetch('http://yoga/health')).status).toBe(200);
  });

  it('serves GraphQL and GraphiQL at /graphql', async () => {
    const driver = createDriver({ ...neo, pid: null, stop: async () => {} });
    cleanups.push(() => driver.close());
    const app = createApp({
      graph: new GraphExecutor(driver, { database: neo.database, queryTimeoutMs: 5_000 }),
      logger: createLogger('silent'),
    });
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ about { name version } }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: { about: { name: 'cncf-knowledge-graph', version: expect.any(String) } },
    });

    const page = await app.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GraphiQL');
  });
});
