import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { adminPlugin } from '../../src/admin.ts';
import { createApp, ResponseGeneration } from '../../src/app.ts';
import { createLogger, type Log } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';

// The admin paths never touch the database: the executor points at a port nothing listens on, so
// a request that reached Neo4j would fail rather than pass by accident.
const TOKEN = 'unit-test-admin-token-0123456789';
const drivers: Driver[] = [];

afterAll(async () => {
  await Promise.all(drivers.map((driver) => driver.close()));
});

interface Deferred {
  promise: Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve: (value: unknown) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<unknown>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const SUMMARY = {
  sources: [
    {
      id: 'fiction/a.md',
      status: 'loaded',
      nodes: 3,
      claims: 4,
      rejected: [{ line: 9 }],
      error: null,
      ms: 12,
    },
    { id: 'fiction/b.md', status: 'unchanged', nodes: 0, claims: 0, rejected: [], error: null, ms: 0 },
  ],
  counts: { nodes: { Person: 3 }, relationships: { MAINTAINS: 4 } },
  ms: 15,
  skipped: [],
};

/** An app with the admin plugin, a fake import that records its calls, and the log lines. */
function setup(options: { token?: string | null; runImport?: () => Promise<unknown> } = {}) {
  const driver = neo4j.driver('bolt://127.0.0.1:9', neo4j.auth.basic('neo4j', 'unused-password'));
  drivers.push(driver);
  const graph = new GraphExecutor(driver, { database: 'neo4j', queryTimeoutMs: 1_000 });
  const responses = new ResponseGeneration();
  const calls: { generationAtStart: number }[] = [];
  const lines: string[] = [];
  const record = (message: string) => {
    lines.push(message);
  };
  const log: Log = { info: record, warn: record, error: record, debug: record };
  const runImport =
    options.runImport ??
    (async () => {
      return SUMMARY;
    });
  const app = createApp({
    graph,
    logger: createLogger('silent'),
    responses,
    plugins: [
      adminPlugin({
        token: options.token === undefined ? TOKEN : options.token,
        runImport: () => {
          calls.push({ generationAtStart: responses.current });
          return runImport();
        },
        responses,
        log,
      }),
    ],
  });
  const post = (path: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    app.fetch(`http://yoga${path}`, { method: 'POST', headers });
  return { app, responses, calls, lines, post };
}

describe('admin endpoints', () => {
  it('do not exist (404) when no token is configured', async () => {
    const { post, calls, responses } = setup({ token: null });
    expect((await post('/admin/import')).status).toBe(404);
    expect((await post('/admin/cache/flush')).status).toBe(404);
    expect(calls).toHaveLength(0);
    expect(responses.current).toBe(0);
  });

  it('refuse a request without a bearer token with 401 and a Bearer challenge', async () => {
    const { post, calls, responses } = setup();
    for (const path of ['/admin/import', '/admin/cache/flush']) {
      const response = await post(path, {});
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
      expect(await response.json()).toEqual({ error: 'a valid bearer token is required' });
    }
    expect(calls).toHaveLength(0);
    expect(responses.current).toBe(0);
  });

  it('refuse a wrong token, whatever its length, and other schemes, with 401', async () => {
    const { post, calls, responses } = setup();
    const wrong = [
      `Bearer ${TOKEN.slice(0, -1)}x`, // same length, last character differs
      `Bearer ${TOKEN}0`, // longer
      'Bearer short',
      `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`,
      `Bearer ${TOKEN} extra`,
    ];
    for (const authorization of wrong) {
      for (const path of ['/admin/import', '/admin/cache/flush']) {
        const response = await post(path, { authorization });
        expect(response.status, `${path} with ${authorization}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
      }
    }
    expect(calls).toHaveLength(0);
    expect(responses.current).toBe(0);
  });

  it('accept the bearer scheme in any case', async () => {
    const { post } = setup();
    expect((await post('/admin/cache/flush', { authorization: `bearer ${TOKEN}` })).status).toBe(204);
  });

  it('never write the token, right or wrong, to the log', async () => {
    const { post, lines } = setup({
      runImport: async () => {
        throw new Error('no sources');
      },
    });
    await post('/admin/import', { authorization: `Bearer ${TOKEN}x` });
    await post('/admin/import');
    await post('/admin/cache/flush');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(TOKEN);
  });

  it('answer other methods with 405 and Allow: POST', async () => {
    const { app, calls } = setup();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await app.fetch('http://yoga/admin/import', {
        method,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
    expect(calls).toHaveLength(0);
  });

  it('flush: bumps the response generation and answers 204 with no body', async () => {
    const { post, responses } = setup();
    const response = await post('/admin/cache/flush');
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(responses.current).toBe(1);
  });

  it('import: runs the import, then bumps, and answers 200 with a JSON summary', async () => {
    const { post, calls, responses } = setup();
    const response = await post('/admin/import');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    // The generation was still the old one while the import ran: the bump comes after it.
    expect(calls).toEqual([{ generationAtStart: 0 }]);
    expect(responses.current).toBe(1);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'imported',
      generation: 1,
      summary: {
        loaded: 1,
        unchanged: 1,
        failed: 0,
        counts: SUMMARY.counts,
        sources: [
          { id: 'fiction/a.md', status: 'loaded', nodes: 3, claims: 4, rejected: 1, error: null, ms: 12 },
          { id: 'fiction/b.md', status: 'unchanged', rejected: 0 },
        ],
      },
    });
    expect(typeof body.ms).toBe('number');
  });

  it('import: a second call while one runs gets 409 and does not start another', async () => {
    const gate = deferred();
    const { post, calls, responses } = setup({ runImport: () => gate.promise });
    const first = post('/admin/import');
    // Let the first request reach runImport before the second arrives.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toHaveLength(1);
    const second = await post('/admin/import');
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({ error: expect.stringContaining('already running') });
    expect(responses.current).toBe(0);

    gate.resolve(SUMMARY);
    expect((await first).status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(responses.current).toBe(1);
    // Once it has finished, the next import may run.
    expect((await post('/admin/import')).status).toBe(200);
    expect(calls).toHaveLength(2);
  });

  it('import: a failure answers 500 with a JSON message and no stack, and does not bump', async () => {
    const { post, calls, responses, lines } = setup({
      runImport: async () => {
        throw new Error('the data directory is gone');
      },
    });
    const response = await post('/admin/import');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'the import failed: the data directory is gone' });
    expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+/);
    expect(responses.current).toBe(0);
    // The stack goes to the log, for whoever runs the service.
    expect(
      lines.some((line) => line.includes('the data directory is gone') && line.includes('admin.test.ts')),
    ).toBe(true);
    // A failed import does not leave the endpoint locked.
    expect(calls).toHaveLength(1);
    expect((await post('/admin/import')).status).toBe(500);
    expect(calls).toHaveLength(2);
  });

  it('leave GraphQL and other paths to the app', async () => {
    const { app, post } = setup();
    const response = await app.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ about { version } }' }),
    });
    expect(response.status).toBe(200);
    expect((await post('/admin/other')).status).toBe(404);
  });
});
