import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import neo4j from 'neo4j-driver';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createHttpServer } from '../../src/http-server.ts';
import { createLogger } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import { within } from '../support/http-probe.ts';

// The server main.ts listens with, on an ephemeral port, against clients that send slowly. The
// app's requests here never reach a database (the driver points at a port nothing listens on).
const TIMEOUTS = { headersMs: 1_000, requestMs: 2_000, keepAliveMs: 1_000 };
// What "within the configured time" allows on a loaded machine: the timeout, node's check interval
// (1 s here) and a generous margin. node:http's defaults (60 s, 300 s) are far beyond it.
const MARGIN_MS = 3_000;

const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'unused-password'));
const graph = new GraphExecutor(driver, { database: 'neo4j', queryTimeoutMs: 1_000 });
const app = createApp({ graph, logger: createLogger('silent'), api: loadConfig({}).api });

const servers: Server[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});
afterAll(() => driver.close());

async function listen(handler: RequestListener = app): Promise<number> {
  const server = createHttpServer(handler, TIMEOUTS);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A raw client: what it was sent, and when the server closed the connection. */
async function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    received += text;
  });
  socket.on('error', () => {});
  const started = performance.now();
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => resolve(performance.now() - started)),
  );
  return { socket, closed, received: () => received };
}

/** Writes `parts` one every `everyMs` while the socket is open. */
function trickle(socket: net.Socket, parts: string[], everyMs: number): void {
  let index = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || index >= parts.length) {
      clearInterval(timer);
      return;
    }
    socket.write(parts[index] as string);
    index += 1;
  }, everyMs);
}

describe('the HTTP server against slow clients', () => {
  it('cuts off a client that sends its body too slowly, within the request timeout', async () => {
    const client = await connect(await listen());
    client.socket.write(
      'POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    // A byte every 200 ms: the 1000-byte body would take 200 s.
    trickle(
      client.socket,
      Array.from({ length: 1_000 }, () => ' '),
      200,
    );
    const ms = await within(15_000, 'slow body', client.closed);
    console.info(`[http-server] slow body cut off after ${Math.round(ms)} ms (request timeout 2000 ms)`);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUTS.requestMs - 100);
    expect(ms).toBeLessThan(TIMEOUTS.requestMs + MARGIN_MS);
  }, 20_000);

  it('cuts off a client that sends its headers too slowly, within the headers timeout', async () => {
    const client = await connect(await listen());
    client.socket.write('GET /health HTTP/1.1\r\nHost: test\r\n');
    trickle(
      client.socket,
      Array.from({ length: 1_000 }, (_, index) => `X-Slow-${index}: 1\r\n`),
      200,
    );
    const ms = await within(15_000, 'slow headers', client.closed);
    console.info(`[http-server] slow headers cut off after ${Math.round(ms)} ms (headers timeout 1000 ms)`);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(TIMEOUTS.headersMs + MARGIN_MS);
  }, 20_000);

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const client = await connect(await listen());
    client.socket.write('GET /health HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\n');
    const ms = await within(15_000, 'idle keep-alive connection', client.closed);
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(client.received()).toMatch(/keep-alive: timeout=1\b/i);
    expect(ms).toBeLessThan(TIMEOUTS.keepAliveMs + MARGIN_MS);
  }, 20_000);

  it('does not cut off a long answer: the timeouts cover receiving the request only', async () => {
    // An answer that takes twice the request timeout to send, as an export to a slow reader may.
    const port = await listen((_request, response) => {
      let sent = 0;
      const timer = setInterval(() => {
        sent += 1;
        response.write(`part ${sent}\n`);
        if (sent === 16) {
          clearInterval(timer);
          response.end('done\n');
        }
      }, TIMEOUTS.requestMs / 8);
    });
    const response = await within(30_000, 'long answer', fetch(`http://127.0.0.1:${port}/`));
    const text = await within(30_000, 'long answer body', response.text());
    expect(text.trimEnd().split('\n').at(-1)).toBe('done');
  }, 40_000);
});

describe('the HTTP timeouts in the configuration', () => {
  it('default to 10 s for headers, 30 s for a whole request and 5 s of keep-alive', () => {
    expect(loadConfig({}).server.timeouts).toEqual({
      headersMs: 10_000,
      requestMs: 30_000,
      keepAliveMs: 5_000,
    });
    expect(
      loadConfig({
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        HTTP_REQUEST_TIMEOUT_MS: '4000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      }).server.timeouts,
    ).toEqual({ headersMs: 2_000, requestMs: 4_000, keepAliveMs: 65_000 });
  });

  it('refuse a headers timeout longer than the request timeout, as node:http would', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS \(30000\)/,
    );
  });
});
