import type { AddressInfo } from 'node:net';
import net from 'node:net';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriver } from '../../../src/neo4j/driver.ts';
import { GraphExecutor, GraphUnavailableError } from '../../../src/neo4j/executor.ts';
import { within } from '../../support/http-probe.ts';

// A "Neo4j" that accepts connections and never says a word, as a paused server or a half-open
// connection behaves: no error ever comes, so only the executor's deadline ends a call.
// (test/integration/hung-neo4j.test.ts does the same to a real Neo4j, paused with SIGSTOP.)
let silent: net.Server;
const accepted: net.Socket[] = [];
let driver: Driver;

beforeAll(async () => {
  silent = net.createServer((socket) => {
    accepted.push(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as AddressInfo).port;
  driver = createDriver({
    kind: 'external',
    uri: `bolt://127.0.0.1:${port}`,
    user: 'neo4j',
    password: 'unused-password',
    database: 'neo4j',
    pid: null,
    stop: async () => {},
  });
});

afterAll(async () => {
  for (const socket of accepted) socket.destroy();
  await driver.close();
  await new Promise((resolve) => silent.close(resolve));
});

describe('a Neo4j that does not answer', () => {
  it('fails a read with GraphUnavailableError at its deadline: query timeout plus margin', async () => {
    const graph = new GraphExecutor(driver, {
      database: 'neo4j',
      queryTimeoutMs: 300,
      deadlineMarginMs: 200,
    });
    const started = performance.now();
    const outcome = await within(8_000, 'read from a silent server', graph.read('RETURN 1 AS ok')).then(
      () => 'answered',
      (error: unknown) => error,
    );
    const ms = performance.now() - started;
    expect(outcome).toBeInstanceOf(GraphUnavailableError);
    expect((outcome as Error).message).toBe('Neo4j did not answer within 500 ms');
    expect(ms).toBeGreaterThanOrEqual(490);
    expect(ms).toBeLessThan(3_000);
  });

  it('fails a write transaction the same way, with its own timeout', async () => {
    const graph = new GraphExecutor(driver, {
      database: 'neo4j',
      queryTimeoutMs: 60_000,
      deadlineMarginMs: 200,
    });
    const outcome = await within(
      8_000,
      'write to a silent server',
      graph.writeTransaction('deadline-test', (run) => run('RETURN 1 AS ok'), 300),
    ).then(
      () => 'answered',
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(GraphUnavailableError);
  });

  it('says false to ping within its timeout', async () => {
    const graph = new GraphExecutor(driver, { database: 'neo4j', queryTimeoutMs: 300 });
    const started = performance.now();
    expect(await within(8_000, 'ping a silent server', graph.ping(400))).toBe(false);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
