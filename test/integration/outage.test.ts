import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import type { Neo4jConnection } from '../../src/neo4j/connection.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { findFreePort, startLocalNeo4j } from '../../src/neo4j/launcher/local-launcher.ts';
import { codesOf, pollUntil, postGraphQL, probe, STACK_TRACE, within } from '../support/http-probe.ts';
import { ownNeo4jOptions } from '../support/own-neo4j.ts';
import { isAlive } from '../support/processes.ts';
import { loadTinyGraph, TINY_ANSWERS, TINY_QUERIES } from '../support/tiny-graph.ts';

// The real thing: a Neo4j JVM of this file's own is stopped and started again under a running app
// (same driver, same app), on the same store and port. The shared Neo4j is not touched.
const config = loadConfig();

// What "fast" means while Neo4j is down. The driver retries a managed transaction for
// maxTransactionRetryTime (5 s) with back-off, so a query gives up after roughly 7 s.
const FAIL_FAST_MS = 15_000;
const READY_WHILE_DOWN_MS = 2_500;
const RECOVERY_DEADLINE_MS = 60_000;

const QUERIES = TINY_QUERIES;
const EXPECTED = TINY_ANSWERS;

let homeDir: string;
let boltPort: number;
let connection: Neo4jConnection | undefined;
let driver: Driver | undefined;
let app: App;
/** The same graph behind the default API settings (response cache on), to show no error is cached. */
let cachedApp: App;

function launch(): Promise<Neo4jConnection> {
  return startLocalNeo4j(ownNeo4jOptions(homeDir, boltPort));
}

beforeAll(async () => {
  homeDir = await mkdtemp(path.join(os.tmpdir(), 'neo4j-outage-test-'));
  boltPort = await findFreePort();
  connection = await launch();
  // The production driver: its connection, acquisition and retry timeouts are what is under test.
  driver = createDriver(connection);
  const graph = new GraphExecutor(driver, {
    database: connection.database,
    queryTimeoutMs: config.neo4j.queryTimeoutMs,
  });
  await loadTinyGraph(graph);
  const defaults = loadConfig({}).api;
  // No response cache: every request below must reach Neo4j, or the outage would not show.
  app = createApp({ graph, logger: createLogger('silent'), api: { ...defaults, responseCacheTtlMs: 0 } });
  cachedApp = createApp({ graph, logger: createLogger('silent'), api: defaults });
});

afterAll(async () => {
  await driver?.close();
  await connection?.stop();
  if (homeDir) await rm(homeDir, { recursive: true, force: true });
});

const ask = (name: keyof typeof QUERIES, target: App = app) => postGraphQL(target, QUERIES[name]);

describe('the service while its Neo4j is stopped and started again', () => {
  it('answers, fails fast and visibly while Neo4j is down, and recovers on its own once it is back', async () => {
    // 1. Up: every query answers.
    for (const name of Object.keys(QUERIES) as (keyof typeof QUERIES)[]) {
      const result = await ask(name);
      expect([name, result.status, result.body]).toEqual([name, 200, { data: EXPECTED[name] }]);
    }
    expect((await probe(app, 'http://yoga/ready')).status).toBe(200);

    // 2. Down: the JVM is stopped (gracefully, as an operator or an orchestrator would).
    const pid = connection?.pid as number;
    await connection?.stop();
    expect(isAlive(pid)).toBe(false);

    const health = await probe(app, 'http://yoga/health');
    expect(health.status).toBe(200);
    const ready = await within(10_000, '/ready while down', probe(app, 'http://yoga/ready'));
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(READY_WHILE_DOWN_MS);

    const failures: Record<string, number> = {};
    for (const name of Object.keys(QUERIES) as (keyof typeof QUERIES)[]) {
      const result = await within(FAIL_FAST_MS + 5_000, `${name} while down`, ask(name));
      failures[name] = Math.round(result.ms);
      // A GraphQL error the client can act on, in a 200: never a 500, never "Unexpected error.".
      expect([name, result.status, codesOf(result)]).toEqual([name, 200, ['SERVICE_UNAVAILABLE']]);
      expect(result.body?.errors?.[0]?.message).toBe('The graph database is unavailable; try again shortly.');
      expect(result.text).not.toMatch(STACK_TRACE);
      expect(result.text).not.toMatch(/bolt:|127\.0\.0\.1|ECONNREFUSED|Neo4jError/);
      expect(result.ms).toBeLessThan(FAIL_FAST_MS);
    }
    // The response cache does not turn the outage into cached errors (checked after recovery).
    const uncached = await within(FAIL_FAST_MS + 5_000, 'cached app while down', ask('list', cachedApp));
    expect(codesOf(uncached)).toEqual(['SERVICE_UNAVAILABLE']);
    console.info(`[outage] time to fail while Neo4j is down (ms): ${JSON.stringify(failures)}`);
    console.info(`[outage] /ready while down: ${Math.round(ready.ms)} ms`);

    // 3. Twenty requests at once: every one of them finishes, none hangs on the pool.
    const burstStarted = performance.now();
    const burst = await within(
      FAIL_FAST_MS * 2,
      '20 concurrent requests while down',
      Promise.all(
        Array.from({ length: 20 }, (_, index) => {
          const names = Object.keys(QUERIES) as (keyof typeof QUERIES)[];
          return ask(names[index % names.length] as keyof typeof QUERIES);
        }),
      ),
    );
    const burstMs = performance.now() - burstStarted;
    expect(burst.map((result) => [result.status, codesOf(result)])).toEqual(
      Array.from({ length: 20 }, () => [200, ['SERVICE_UNAVAILABLE']]),
    );
    expect(Math.max(...burst.map((result) => result.ms))).toBeLessThan(FAIL_FAST_MS);
    console.info(`[outage] 20 concurrent requests while down all answered in ${Math.round(burstMs)} ms`);

    // 4. Back: the same store on the same port; the app and its driver are the ones from before.
    const restartStarted = performance.now();
    connection = await launch();
    const neo4jBackMs = performance.now() - restartStarted;
    expect(connection.uri).toBe(`bolt://127.0.0.1:${boltPort}`);

    let lastReady = 0;
    const readyAgain = await pollUntil(
      async () => {
        lastReady = (await within(10_000, '/ready while recovering', probe(app, 'http://yoga/ready'))).status;
        return lastReady === 200 ? lastReady : undefined;
      },
      { deadlineMs: RECOVERY_DEADLINE_MS, intervalMs: 250, describe: () => `/ready still ${lastReady}` },
    );
    let lastCodes: (string | undefined)[] = [];
    const attempts: string[] = [];
    const answersAgain = await pollUntil(
      async () => {
        const result = await within(FAIL_FAST_MS + 5_000, 'lookup while recovering', ask('lookup'));
        lastCodes = codesOf(result);
        attempts.push(`${Math.round(result.ms)} ms ${JSON.stringify(lastCodes)}`);
        return result.body?.data && lastCodes.length === 0 ? result : undefined;
      },
      {
        deadlineMs: RECOVERY_DEADLINE_MS,
        intervalMs: 250,
        describe: () => `lookup still fails with ${JSON.stringify(lastCodes)}`,
      },
    );
    console.info(
      `[outage] Neo4j restart took ${Math.round(neo4jBackMs)} ms; after it, /ready was 200 within ` +
        `${Math.round(readyAgain.ms)} ms and the first query answered within ${Math.round(answersAgain.ms)} ms ` +
        `(attempts: ${attempts.join('; ')})`,
    );

    // Everything answers as before, with the data the store kept.
    for (const name of Object.keys(QUERIES) as (keyof typeof QUERIES)[]) {
      const result = await ask(name);
      expect([name, result.status, result.body]).toEqual([name, 200, { data: EXPECTED[name] }]);
      const cached = await ask(name, cachedApp);
      expect([name, cached.status, cached.body]).toEqual([name, 200, { data: EXPECTED[name] }]);
    }
    expect((await probe(app, 'http://yoga/health')).status).toBe(200);
  });
});
