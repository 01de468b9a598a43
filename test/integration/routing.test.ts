import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, type Log } from '../../src/logger.ts';
import type { Neo4jConnection } from '../../src/neo4j/connection.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { startLocalNeo4j } from '../../src/neo4j/launcher/local-launcher.ts';
import { obtainNeo4j } from '../../src/neo4j/obtain.ts';
import { postGraphQL, probe } from '../support/http-probe.ts';
import { ownNeo4jOptions } from '../support/own-neo4j.ts';
import { loadTinyGraph, TINY_ANSWERS, TINY_QUERIES, type TinyQueryName } from '../support/tiny-graph.ts';

// The scheme clusters and Aura are reached by, neo4j://, is first run here rather than in
// production: against a Neo4j of this file's own (the local launcher's, which advertises the
// address Bolt listens on; a container's mapped port would not be what its routing table names),
// through the production path: NEO4J_URI → obtainNeo4j → createDriver → the executor → the app.

let homeDir: string;
let server: Neo4jConnection | undefined;
let driver: Driver | undefined;
let graph: GraphExecutor;
let app: App;
let routingUri: string;
const driverMessages: string[] = [];

beforeAll(async () => {
  homeDir = await mkdtemp(path.join(os.tmpdir(), 'neo4j-routing-test-'));
  server = await startLocalNeo4j(ownNeo4jOptions(homeDir, null));
  routingUri = server.uri.replace(/^bolt:/, 'neo4j:');
  const config = loadConfig({ NEO4J_URI: routingUri, NEO4J_PASSWORD: server.password });
  const quiet: Log = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
  const connection = await obtainNeo4j(config, 'serve', quiet);
  expect(connection).toMatchObject({ kind: 'external', uri: routingUri });
  const collect = (message: string) => driverMessages.push(message);
  driver = createDriver(connection, { info: collect, warn: collect, error: collect, debug: () => {} });
  graph = new GraphExecutor(driver, { database: connection.database, queryTimeoutMs: 30_000 });
  // The importer's own loader: writes, which a routing driver sends to a writer.
  await loadTinyGraph(graph);
  app = createApp({ graph, logger: createLogger('silent') });
});

afterAll(async () => {
  await driver?.close();
  await server?.stop();
  if (homeDir) await rm(homeDir, { recursive: true, force: true });
});

describe('the service over a neo4j:// (routing) URI', () => {
  it('answers queries, and is ready, with reads and writes routed by the table the server gives', async () => {
    for (const name of Object.keys(TINY_QUERIES) as TinyQueryName[]) {
      const result = await postGraphQL(app, TINY_QUERIES[name]);
      expect([name, result.status, result.body]).toEqual([name, 200, { data: TINY_ANSWERS[name] }]);
    }
    expect((await probe(app, 'http://yoga/ready')).status).toBe(200);

    // The driver fetched a routing table, and it names this server as router, reader and writer:
    // what a cluster would answer with its members.
    const address = new URL(routingUri.replace(/^neo4j:/, 'http:')).host;
    const tables = driverMessages.filter((message) => message.includes('Updated routing table'));
    expect(tables.length).toBeGreaterThan(0);
    for (const role of ['routers', 'readers', 'writers'])
      expect(tables.at(-1)).toContain(`${role}=[${address}]`);
  });

  it('sends a write through the routing driver to the writer, and reads it back', async () => {
    await graph.write('CREATE (:RoutingProbe {at: $at})', { at: 'now' });
    const rows = await graph.read<{ n: number }>('MATCH (p:RoutingProbe) RETURN count(p) AS n');
    expect(rows).toEqual([{ n: 1 }]);
    await graph.write('MATCH (p:RoutingProbe) DELETE p');
  });
});
