import { createServer } from 'node:net';
import type { RecordShape } from 'neo4j-driver';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { createDriver } from '../../src/neo4j/driver.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import {
  type ObservabilityPlugin,
  observabilityPlugins,
  requestIdOf,
} from '../../src/observability/index.ts';

// A driver to a port nothing listens on: `about`, /health and /metrics never touch it, and a query
// that does would fail fast with SERVICE_UNAVAILABLE instead of reaching someone's database.
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

let driver: ReturnType<typeof createDriver>;
beforeAll(async () => {
  driver = createDriver({
    kind: 'external',
    uri: `bolt://127.0.0.1:${await unusedPort()}`,
    user: 'neo4j',
    password: 'not-a-real-password',
    database: 'neo4j',
    pid: null,
    stop: async () => {},
  });
});
afterAll(async () => {
  await driver.close();
});

/**
 * An executor over the same driver whose reads answer (or fail) here, still counted as round trips
 * through the request's listener the way the real one counts them.
 */
class ScriptedGraph extends GraphExecutor {
  constructor(
    private readonly answer: () => unknown[],
    private readonly onRoundTrip: () => void = () => {},
  ) {
    super(driver, { database: 'neo4j', queryTimeoutMs: 1_000 });
  }

  override forRequest(listener: (access: 'READ' | 'WRITE') => void): GraphExecutor {
    return new ScriptedGraph(this.answer, () => {
      this.onRoundTrip();
      listener('READ');
    });
  }

  override async read<Row extends RecordShape>(): Promise<Row[]> {
    this.onRoundTrip();
    return this.answer() as Row[];
  }
}

type LogLine = Record<string, unknown> & { level: number; msg: string; component?: string };

interface Harness {
  app: App;
  registry: Registry;
  lines: LogLine[];
  /** The one-per-request lines. */
  requestLines(): LogLine[];
  post(query: string, headers?: Record<string, string>): Promise<Response>;
  metrics(): Promise<string>;
}

function harness({
  metrics = true,
  level = 'info',
  graph,
  extraPlugins = [],
}: {
  metrics?: boolean;
  level?: string;
  graph?: GraphExecutor;
  /** Put after ours, as app.ts puts its own. */
  extraPlugins?: ObservabilityPlugin[];
} = {}): Harness {
  const lines: LogLine[] = [];
  // pino writes each line as one JSON string to the destination: collected as objects.
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
  const registry = new Registry();
  const app = createApp({
    graph: graph ?? new GraphExecutor(driver, { database: 'neo4j', queryTimeoutMs: 1_000 }),
    logger,
    plugins: [...observabilityPlugins({ logger, metrics, registry }), ...extraPlugins],
  });
  return {
    app,
    registry,
    lines,
    requestLines: () => lines.filter((line) => line.component === 'http' && line.method !== undefined),
    post: async (query, headers = {}) =>
      app.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      }),
    metrics: async () => {
      const response = await app.fetch('http://yoga/metrics');
      expect(response.status).toBe(200);
      return response.text();
    },
  };
}

/** The value of one sample in Prometheus text, or undefined when the series does not exist. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([key, value]) => found[key] === value)) {
      return Number(match[3]);
    }
  }
  return undefined;
}

function labelValues(text: string, name: string, label: string): Set<string> {
  const values = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const match = new RegExp(`${label}="([^"]*)"`).exec(line);
    if (match?.[1] !== undefined) values.add(match[1]);
  }
  return values;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('echoes a sane x-request-id on every kind of response and logs it', async () => {
    const h = harness();
    const id = 'edge-7f3a.42:retry_1';
    const responses = [
      await h.post('{ about { name } }', { 'x-request-id': id }),
      await h.app.fetch('http://yoga/health', { headers: { 'x-request-id': id } }),
      await h.app.fetch('http://yoga/metrics', { headers: { 'x-request-id': id } }),
      await h.app.fetch('http://yoga/no/such/page', { headers: { 'x-request-id': id } }),
      // A malformed body: refused before any GraphQL work.
      await h.app.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body: '{"query": ',
      }),
      // A CORS preflight, which Yoga answers before any plugin of ours sees the request.
      await h.app.fetch('http://yoga/graphql', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://example.org',
          'access-control-request-method': 'POST',
          'x-request-id': id,
        },
      }),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 404, 400, 204]);
    for (const response of responses) expect(response.headers.get('x-request-id')).toBe(id);
    expect(h.requestLines().map((line) => line.requestId)).toEqual(responses.map(() => id));
  });

  it('generates a UUID when none is given or the given one is not a sane token', async () => {
    const h = harness();
    const refused = ['has space', '<script>alert(1)</script>', 'a'.repeat(129), 'ünïcode', 'a,b'];
    const seen = new Set<string>();
    for (const given of [undefined, ...refused]) {
      const response = await h.app.fetch('http://yoga/health', {
        headers: given === undefined ? {} : { 'x-request-id': given },
      });
      const id = response.headers.get('x-request-id') ?? '';
      expect(id).toMatch(UUID);
      seen.add(id);
    }
    expect(seen.size).toBe(refused.length + 1);
    // The longest accepted: 128 characters.
    const longest = 'a'.repeat(128);
    const response = await h.app.fetch('http://yoga/health', { headers: { 'x-request-id': longest } });
    expect(response.headers.get('x-request-id')).toBe(longest);
  });

  it('lets later plugins read the id for their own log lines', async () => {
    let seen: string | undefined;
    const h = harness({
      extraPlugins: [
        {
          onRequest({ request }) {
            seen = requestIdOf(request);
          },
        },
      ],
    });
    const response = await h.post('{ about { name } }');
    expect(seen).toMatch(UUID);
    expect(response.headers.get('x-request-id')).toBe(seen);
  });
});

describe('request log lines', () => {
  it('writes one info line per request with the request and operation fields, and no query text', async () => {
    const h = harness();
    const response = await h.post('query AboutUs { about { name } }', { 'x-request-id': 'one-line' });
    expect(response.status).toBe(200);
    await h.post('{ about { name } }');
    await h.app.fetch('http://yoga/health');

    const lines = h.requestLines();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'Request completed',
      requestId: 'one-line',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'AboutUs',
      operationType: 'query',
      roundTrips: 0,
      errors: 0,
      errorCodes: {},
    });
    expect(lines[0]?.durationMs).toEqual(expect.any(Number));
    expect(lines[1]).toMatchObject({ operationName: null, operationType: 'query', status: 200 });
    // Not a GraphQL request: no operation fields at all.
    expect(lines[2]).toMatchObject({ method: 'GET', path: '/health', status: 200 });
    expect(lines[2]).not.toHaveProperty('operationName');
    for (const line of h.lines) {
      expect(line).not.toHaveProperty('query');
      expect(line).not.toHaveProperty('variables');
      expect(JSON.stringify(line)).not.toContain('about');
    }
  });

  it('logs the path without its query string (a GET query would put the document there)', async () => {
    const h = harness();
    const response = await h.app.fetch(
      `http://yoga/graphql?query=${encodeURIComponent('query Secretive { about { name } }')}`,
      { headers: { accept: 'application/json' } },
    );
    expect(response.status).toBe(200);
    const [line] = h.requestLines();
    expect(line).toMatchObject({ method: 'GET', path: '/graphql', operationName: 'Secretive' });
    expect(JSON.stringify(line)).not.toContain('about');
  });

  it('at debug, also logs the document, cut at 1 000 characters', async () => {
    const h = harness({ level: 'debug' });
    const query = `query Padded { about { name } }\n# ${'x'.repeat(5_000)}`;
    await h.post(query, { 'x-request-id': 'debugging' });
    const documentLine = h.lines.find((line) => line.msg === 'GraphQL document');
    expect(documentLine).toMatchObject({ level: 20, requestId: 'debugging', operationName: null });
    const logged = String(documentLine?.query);
    expect(logged.startsWith('query Padded { about { name } }')).toBe(true);
    expect(logged.length).toBeLessThanOrEqual(1_001);
    expect(h.requestLines()).toHaveLength(1);
  });

  it('counts errors by code in the line, and logs unexpected ones at error with their cause and the id', async () => {
    const h = harness({
      graph: new ScriptedGraph(() => {
        throw new Error('secret detail: bolt://db.internal:7687');
      }),
    });
    const response = await h.post('query Broken { projects(first: 2) { edges { node { name } } } }', {
      'x-request-id': 'broken-1',
    });
    const body = (await response.json()) as { errors?: { message: string }[] };
    expect(body.errors?.[0]?.message).toBe('Unexpected error.');

    const failure = h.lines.find((line) => line.component === 'http' && line.level === 50);
    expect(failure).toMatchObject({
      requestId: 'broken-1',
      operationName: 'Broken',
      msg: 'Unexpected error in a GraphQL operation',
      err: { type: 'Error', message: 'secret detail: bolt://db.internal:7687' },
    });
    expect(failure).toMatchObject({ fieldPath: 'projects' });
    expect((failure?.err as { stack?: string } | undefined)?.stack).toContain('secret detail');
    expect(h.requestLines()).toEqual([
      expect.objectContaining({
        requestId: 'broken-1',
        level: 30,
        errors: 1,
        errorCodes: { INTERNAL_SERVER_ERROR: 1 },
      }),
    ]);
  });
});

describe('failures outside resolvers', () => {
  it('logs a context factory’s failure with its cause, and counts the operation as an error', async () => {
    const h = harness({
      extraPlugins: [
        {
          onContextBuilding() {
            throw new Error('context broke');
          },
        },
      ],
    });
    await h.post('query Ctx { about { name } }', { 'x-request-id': 'ctx-1' });
    expect(h.lines).toContainEqual(
      expect.objectContaining({
        component: 'http',
        level: 50,
        requestId: 'ctx-1',
        err: expect.objectContaining({ message: 'context broke' }),
      }),
    );
    expect(
      sample(await h.metrics(), 'cncf_kg_graphql_operations_total', {
        operation_type: 'query',
        operation_name: 'Ctx',
        outcome: 'error',
      }),
    ).toBe(1);
  });

  it('logs and counts a request whose handling throws (the server then answers a bare 500)', async () => {
    const h = harness({
      extraPlugins: [
        {
          onRequest({ url }) {
            if (url.pathname === '/explode') throw new Error('plugin bug');
          },
        },
      ],
    });
    // Thrown synchronously or rejected, depending on where in the hook chain it happens.
    await expect(async () =>
      h.app.fetch('http://yoga/explode', { headers: { 'x-request-id': 'boom-1' } }),
    ).rejects.toThrow('plugin bug');
    expect(h.requestLines()).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'Request failed',
        requestId: 'boom-1',
        status: 500,
        err: expect.objectContaining({ message: 'plugin bug' }),
      }),
    ]);
    expect(
      sample(await h.metrics(), 'cncf_kg_http_requests_total', {
        method: 'GET',
        route: 'other',
        status: '500',
      }),
    ).toBe(1);
  });
});

describe('GET /metrics', () => {
  it('exposes request, operation and error counters and the histograms with bounded labels', async () => {
    const h = harness();
    await h.post('query AboutUs { about { name } }');
    await h.post('query AboutUs { about { name version } }');
    await h.post('{ about { name } }');
    // Answered 400 to clients that accept the GraphQL-over-HTTP media type, 200 to legacy ones.
    await h.post('query Refused { nope }', { accept: 'application/graphql-response+json' });
    await h.post('{ person(id: "not an id!") { name } }');
    await h.app.fetch('http://yoga/health');
    await h.app.fetch('http://yoga/some/../weird/path?x=1');

    const response = await h.app.fetch('http://yoga/metrics');
    expect(response.headers.get('content-type')).toBe(h.registry.contentType);
    const text = await response.text();

    expect(
      sample(text, 'cncf_kg_http_requests_total', { method: 'POST', route: '/graphql', status: '200' }),
    ).toBe(4);
    expect(
      sample(text, 'cncf_kg_http_requests_total', { method: 'POST', route: '/graphql', status: '400' }),
    ).toBe(1);
    expect(
      sample(text, 'cncf_kg_http_requests_total', { method: 'GET', route: '/health', status: '200' }),
    ).toBe(1);
    expect(
      sample(text, 'cncf_kg_http_requests_total', { method: 'GET', route: 'other', status: '404' }),
    ).toBe(1);
    expect(labelValues(text, 'cncf_kg_http_requests_total', 'route')).toEqual(
      new Set(['/graphql', '/health', 'other']),
    );

    const operations = (labels: Record<string, string>) =>
      sample(text, 'cncf_kg_graphql_operations_total', labels);
    expect(operations({ operation_type: 'query', operation_name: 'AboutUs', outcome: 'ok' })).toBe(2);
    expect(operations({ operation_type: 'query', operation_name: 'anonymous', outcome: 'ok' })).toBe(1);
    expect(operations({ operation_type: 'query', operation_name: 'anonymous', outcome: 'error' })).toBe(1);
    // A document that fails validation does not get its name into the label set.
    expect(operations({ operation_type: 'query', operation_name: 'other', outcome: 'rejected' })).toBe(1);

    expect(sample(text, 'cncf_kg_graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
    expect(sample(text, 'cncf_kg_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);

    expect(
      sample(text, 'cncf_kg_http_request_duration_seconds_count', { method: 'POST', route: '/graphql' }),
    ).toBe(5);
    expect(
      sample(text, 'cncf_kg_http_request_duration_seconds_bucket', {
        le: '10',
        method: 'GET',
        route: '/health',
      }),
    ).toBe(1);
    expect(text).toContain('cncf_kg_http_request_duration_seconds_bucket{le="0.001"');
    // Four operations got past validation, none made a round trip (about needs no database; the
    // bad id is refused before any).
    expect(sample(text, 'cncf_kg_cypher_round_trips_per_request_count')).toBe(4);
    expect(sample(text, 'cncf_kg_cypher_round_trips_per_request_bucket', { le: '0' })).toBe(4);
    // Node's process metrics, under the same prefix.
    expect(sample(text, 'cncf_kg_process_cpu_user_seconds_total')).toEqual(expect.any(Number));
    expect(text).toContain('cncf_kg_nodejs_eventloop_lag_seconds');
    // Nothing of what clients sent, other than admitted operation names.
    expect(text).not.toMatch(/weird|not an id|nope|Refused/);
  });

  it('observes each request’s Cypher round trips; a response-cache hit makes none', async () => {
    let reads = 0;
    const h = harness({
      graph: new ScriptedGraph(
        () => [],
        () => {
          reads += 1;
        },
      ),
    });
    const query = 'query FirstProjects { projects(first: 2) { edges { node { name } } } }';
    expect((await h.post(query)).status).toBe(200);
    expect(reads).toBeGreaterThan(0);
    expect((await h.post(query)).status).toBe(200);

    const [first, second] = h.requestLines();
    expect(first).toMatchObject({ operationName: 'FirstProjects', roundTrips: reads });
    // Served from the response cache: no document parsed, yet named and typed.
    expect(second).toMatchObject({ operationName: 'FirstProjects', operationType: 'query', roundTrips: 0 });

    const text = await h.metrics();
    expect(sample(text, 'cncf_kg_cypher_round_trips_per_request_count')).toBe(2);
    expect(sample(text, 'cncf_kg_cypher_round_trips_per_request_sum')).toBe(reads);
    expect(
      sample(text, 'cncf_kg_graphql_operations_total', {
        operation_type: 'query',
        operation_name: 'FirstProjects',
        outcome: 'ok',
      }),
    ).toBe(2);
  });

  it('caps operation names: longer than 64 characters or past 200 distinct become "other"', async () => {
    const h = harness();
    for (let index = 0; index < 205; index += 1) await h.post(`query Op${index} { about { name } }`);
    await h.post(`query ${'L'.repeat(65)} { about { name } }`);
    await h.post('query Op7 { about { version } }');

    const text = await h.metrics();
    const names = labelValues(text, 'cncf_kg_graphql_operations_total', 'operation_name');
    expect(names.size).toBe(201);
    expect(names.has('Op0')).toBe(true);
    expect(names.has('Op199')).toBe(true);
    expect(names.has('Op200')).toBe(false);
    const count = (name: string) =>
      sample(text, 'cncf_kg_graphql_operations_total', {
        operation_type: 'query',
        operation_name: name,
        outcome: 'ok',
      });
    // Five past the cap and one too long.
    expect(count('other')).toBe(6);
    // Admitted names keep their label for good.
    expect(count('Op7')).toBe(2);
    // The log line still names them all.
    expect(h.requestLines().some((line) => line.operationName === 'L'.repeat(65))).toBe(true);
  });

  it('answers 404 and collects nothing when metrics are off', async () => {
    const h = harness({ metrics: false });
    await h.post('{ about { name } }');
    const response = await h.app.fetch('http://yoga/metrics', { headers: { 'x-request-id': 'scraper' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('scraper');
    expect(h.registry.getMetricsAsArray()).toEqual([]);
    // Logging does not depend on metrics.
    expect(h.requestLines()).toHaveLength(2);
  });

  it('refuses other methods than GET and HEAD', async () => {
    const h = harness();
    const response = await h.app.fetch('http://yoga/metrics', { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('keeps several apps apart, each with its own registry', async () => {
    const one = harness();
    const two = harness();
    await one.post('{ about { name } }');
    expect(
      sample(await one.metrics(), 'cncf_kg_graphql_operations_total', {
        operation_type: 'query',
        operation_name: 'anonymous',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(await two.metrics()).not.toContain('cncf_kg_graphql_operations_total{');
  });
});
