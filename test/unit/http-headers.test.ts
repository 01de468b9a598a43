import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderGraphiQL } from 'graphql-yoga';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { graphiqlContentSecurityPolicy } from '../../src/explore/graphiql.ts';
import { GRAPHIQL_ASSETS_PATH } from '../../src/graphiql/assets.ts';
import { createLogger } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';

// The headers of every kind of answer the app gives. Nothing here reaches a database: the driver
// points at a port nothing listens on, so /ready answers 503 at once.
const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'unused-password'));
const graph = new GraphExecutor(driver, { database: 'neo4j', queryTimeoutMs: 1_000 });
let exploreDir: string;

beforeAll(async () => {
  // An explorer build that does not exist: /explore answers its "not built" page.
  exploreDir = await mkdtemp(path.join(os.tmpdir(), 'headers-test-explore-'));
});
afterAll(async () => {
  await driver.close();
  await rm(exploreDir, { recursive: true, force: true });
});

const app = () => createApp({ graph, logger: createLogger('silent'), api: loadConfig({}).api, exploreDir });
const TYPENAME = '{ __typename }';
const graphqlGet = (query: string) => `http://yoga/graphql?query=${encodeURIComponent(query)}`;
const HTML = { accept: 'text/html' };

/** A policy as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('headers on every kind of answer', () => {
  it.each([
    ['a GraphQL POST answer', 'http://yoga/graphql', postJson(TYPENAME), 200],
    ['a GraphQL answer with errors', graphqlGet('{ nope }'), {}, 200],
    [
      'a refused GraphQL document',
      'http://yoga/graphql',
      postJson('{', 'application/graphql-response+json'),
      400,
    ],
    ['/health', 'http://yoga/health', {}, 200],
    ['/ready while Neo4j is away', 'http://yoga/ready', {}, 503],
    ['a refused export', 'http://yoga/export/graph.json?kinds=Robot', {}, 400],
    ['an unknown path', 'http://yoga/nothing-here', {}, 404],
    ['the GraphiQL page', 'http://yoga/graphql', { headers: HTML }, 200],
  ])('%s: nosniff, and no-store', async (_kind, url, init, status) => {
    const response = await app().fetch(url, init);
    expect(response.status).toBe(status);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('a GraphQL GET answer the response cache keeps may be stored, but is revalidated by its ETag', async () => {
    const yoga = app();
    const first = await yoga.fetch(graphqlGet(TYPENAME));
    expect(await first.json()).toEqual({ data: { __typename: 'Query' } });
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(first.headers.get('vary')).toMatch(/\bAccept\b/);
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');

    const again = await yoga.fetch(graphqlGet(TYPENAME), { headers: { 'if-none-match': etag as string } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('no-cache');
  });

  it('keeps what a route chose for itself: the explorer page says no-cache', async () => {
    const response = await app().fetch('http://yoga/explore');
    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe("GraphiQL's Content-Security-Policy", () => {
  it('allows this origin’s scripts, styles and worker bundles, the page’s inline scripts, and nothing else', async () => {
    const response = await app().fetch('http://yoga/graphql', { headers: HTML });
    const page = await response.text();
    const policy = directives(response.headers.get('content-security-policy') ?? '');

    const inlineScripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    const scriptFiles = [...page.matchAll(/<script src=([^\s>]+)><\/script>/g)].map((match) => match[1]);
    const stylesheets = [...page.matchAll(/<link[^>]*rel=stylesheet[^>]*href=([^\s>]+)>/g)].map((m) => m[1]);
    const icons = [...page.matchAll(/<link rel=icon href=([^\s>]+)>/g)].map((match) => match[1]);
    const workerUrls = Object.values(
      JSON.parse(
        `{${/workerUrls=\{([^}]*)\}/.exec(page)?.[1]?.replace(/(\w+):"/g, '"$1":"') ?? ''}}`,
      ) as Record<string, string>,
    );
    // What Yoga 5's page is made of, every file from this server (graphiql/assets.ts), its icon
    // left out and one inline script of ours (the worked examples as the first document); a Yoga
    // upgrade that changes it fails here first.
    expect([inlineScripts.length, scriptFiles.length, stylesheets.length, icons.length]).toEqual([
      3, 1, 1, 0,
    ]);
    expect(workerUrls).toHaveLength(3);
    for (const file of [...scriptFiles, ...stylesheets, ...workerUrls]) {
      expect(file).toMatch(new RegExp(`^${GRAPHIQL_ASSETS_PATH}`));
    }

    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')?.sort()).toEqual([...inlineScripts.map(hash), "'self'"].sort());
    expect(policy.get('worker-src')).toEqual(['blob:']);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')?.sort()).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('img-src')?.sort()).toEqual(["'self'", 'data:']);
    expect(policy.get('font-src')).toEqual(['data:']);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    // Nothing from another host, no wildcard, no eval.
    for (const source of [...policy.values()].flat()) {
      expect(source).not.toMatch(/\*|'unsafe-eval'|https?:/);
    }
  });

  it('does not take a URL written in the options for something the page loads', () => {
    const page = renderGraphiQL({
      title: 'Test',
      defaultQuery: '# see https://unpkg.com/evil/x.js and https://attacker.example/steal\n{ __typename }',
    });
    const policy = graphiqlContentSecurityPolicy(page);
    expect(policy).not.toContain('evil');
    expect(policy).not.toContain('attacker.example');
    // The options are in an inline script, so its hash follows them.
    expect(graphiqlContentSecurityPolicy(renderGraphiQL({ title: 'Other' }))).not.toBe(policy);
  });
});

function postJson(query: string, accept = 'application/json'): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query }),
  };
}
