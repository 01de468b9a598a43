import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { consoleLog, createLogger } from '../../src/logger.ts';
import type { Neo4jConnection } from '../../src/neo4j/connection.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { findFreePort, startLocalNeo4j } from '../../src/neo4j/launcher/local-launcher.ts';
import { codesOf, pollUntil, postGraphQL, probe, STACK_TRACE, within } from '../support/http-probe.ts';
import { ownNeo4jOptions } from '../support/own-neo4j.ts';
import { isAlive } from '../support/processes.ts';
import { loadTinyGraph, TINY_ANSWERS, TINY_QUERIES, type TinyQueryName } from '../support/tiny-graph.ts';

// A Neo4j that is there but does not answer: its JVM is paused (SIGSTOP), as a stuck server, a long
// GC pause or a half-open connection would leave it. The TCP port still accepts connections and the
// connections already pooled stay open, so nothing fails by itself: only the executor's deadline
// ends the wait. The JVM is this file's own; the shared Neo4j is never paused.

// The configured time: Neo4j's own timeout, then the margin after which the executor gives up.
const QUERY_TIMEOUT_MS = 4_000;
const DEADLINE_MARGIN_MS = 1_000;
const DEADLINE_MS = QUERY_TIMEOUT_MS + DEADLINE_MARGIN_MS;
// Generous on a loaded machine; without a deadline, every request waited for the whole pause.
const ANSWER_WITHIN_MS = DEADLINE_MS + 4_000;
const RECOVERY_DEADLINE_MS = 60_000;

const QUERIES = TINY_QUERIES;
type QueryName = TinyQueryName;
const NAMES = Object.keys(QUERIES) as QueryName[];
const EXPECTED = TINY_ANSWERS;

let homeDir: string | undefined;
let connection: Neo4jConnection | undefined;
let driver: Driver | undefined;
let app: App;
let paused = false;

function pause(): void {
  process.kill(connection?.pid as number, 'SIGSTOP');
  paused = true;
}

function resume(): void {
  if (!paused) return;
  process.kill(connection?.pid as number, 'SIGCONT');
  paused = false;
}

beforeAll(async () => {
  homeDir = await mkdtemp(path.join(os.tmpdir(), 'neo4j-hung-test-'));
  connection = await startLocalNeo4j(ownNeo4jOptions(homeDir, await findFreePort()));
  // The production driver (its connection and acquisition timeouts are part of what is tested).
  driver = createDriver(connection);
  const graph = new GraphExecutor(driver, {
    database: connection.database,
    queryTimeoutMs: QUERY_TIMEOUT_MS,
    deadlineMarginMs: DEADLINE_MARGIN_MS,
  });
  await loadTinyGraph(graph);
  // No response cache: every request must reach Neo4j.
  app = createApp({
    graph,
    logger: createLogger('silent'),
    api: { ...loadConfig({}).api, responseCacheTtlMs: 0 },
  });
});

afterAll(async () => {
  // Whatever happened above: a stopped JVM would neither stop on request nor let the driver close.
  if (connection?.pid != null && isAlive(connection.pid)) resume();
  await within(30_000, 'closing the driver', driver?.close() ?? Promise.resolve()).catch(consoleLog.error);
  await connection?.stop();
  if (homeDir) await rm(homeDir, { recursive: true, force: true });
});

const ask = (name: QueryName) => postGraphQL(app, QUERIES[name]);

describe('the service while its Neo4j is paused', () => {
  it('answers SERVICE_UNAVAILABLE within the configured time, and recovers on its own when Neo4j resumes', async () => {
    // 1. Up, with connections in the pool that the pause will leave open and silent. A first query
    // (plans not yet cached) may run past the short timeout on a loaded machine: asked again.
    for (const name of NAMES) {
      const result = await pollUntil(
        async () => {
          const answer = await ask(name);
          return codesOf(answer).includes('QUERY_TIMEOUT') ? undefined : answer;
        },
        { deadlineMs: 60_000, intervalMs: 250, describe: () => `${name} keeps timing out` },
      );
      expect([name, result.value.status, result.value.body]).toEqual([name, 200, { data: EXPECTED[name] }]);
    }
    expect((await probe(app, 'http://yoga/ready')).status).toBe(200);

    // 2. Paused: the process is alive, its port open, and it answers nothing.
    pause();
    const pausedAt = performance.now();
    expect(isAlive(connection?.pid as number)).toBe(true);

    // The first query gets the connection the last one left idle in the pool: its statement is sent
    // and never answered. The next ones need new connections, whose handshake is never answered.
    const timings: Record<string, number> = {};
    for (const name of NAMES) {
      const result = await within(30_000, `${name} while paused`, ask(name));
      timings[name] = Math.round(result.ms);
      expect([name, result.status, codesOf(result)]).toEqual([name, 200, ['SERVICE_UNAVAILABLE']]);
      expect(result.text).not.toMatch(STACK_TRACE);
      expect(result.text).not.toMatch(/bolt:|127\.0\.0\.1|Neo4jError/);
      expect(result.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
      expect(result.ms).toBeLessThan(ANSWER_WITHIN_MS);
    }

    const ready = await within(30_000, '/ready while paused', probe(app, 'http://yoga/ready'));
    expect(ready.status).toBe(503);

    // Twenty at once: more than the pooled connections, so most ask for new ones, whose Bolt
    // handshake the paused server never answers. Every request still ends by the deadline.
    const burst = await within(
      30_000,
      '20 concurrent requests while paused',
      Promise.all(Array.from({ length: 20 }, (_, index) => ask(NAMES[index % NAMES.length] as QueryName))),
    );
    expect(burst.map((result) => [result.status, codesOf(result)])).toEqual(
      Array.from({ length: 20 }, () => [200, ['SERVICE_UNAVAILABLE']]),
    );
    const burstMax = Math.max(...burst.map((result) => result.ms));
    expect(burstMax).toBeLessThan(ANSWER_WITHIN_MS);

    // An export goes through the same executor: 503, not a hang.
    const exported = await within(30_000, 'export while paused', probe(app, 'http://yoga/export/graph.json'));
    expect(exported.status).toBe(503);
    console.info(
      `[hung-neo4j] paused: /ready 503 in ${Math.round(ready.ms)} ms; queries failed after ` +
        `${JSON.stringify(timings)} ms; 20 at once within ${Math.round(burstMax)} ms; export 503 in ` +
        `${Math.round(exported.ms)} ms (deadline ${DEADLINE_MS} ms)`,
    );

    // 3. Resumed after a pause longer than any deadline: the same app and driver answer again.
    const pausedFor = performance.now() - pausedAt;
    resume();
    let lastCodes: (string | undefined)[] = [];
    const answersAgain = await pollUntil(
      async () => {
        const result = await within(30_000, 'lookup after resuming', ask('lookup'));
        lastCodes = codesOf(result);
        return result.body?.data && lastCodes.length === 0 ? result : undefined;
      },
      {
        deadlineMs: RECOVERY_DEADLINE_MS,
        intervalMs: 250,
        describe: () => `lookup still fails with ${JSON.stringify(lastCodes)}`,
      },
    );
    console.info(
      `[hung-neo4j] after a pause of ${Math.round(pausedFor)} ms, the first query answered ` +
        `${Math.round(answersAgain.ms)} ms after SIGCONT`,
    );
    for (const name of NAMES) {
      const result = await ask(name);
      expect([name, result.status, result.body]).toEqual([name, 200, { data: EXPECTED[name] }]);
    }
    expect((await probe(app, 'http://yoga/ready')).status).toBe(200);
  });
});
