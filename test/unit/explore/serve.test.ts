import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.ts';
import { answerExploreRequest } from '../../../src/explore/serve.ts';
import { createLogger } from '../../../src/logger.ts';
import { GraphExecutor } from '../../../src/neo4j/executor.ts';

// None of these requests reaches the database: the driver points at a port nothing listens on.
const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'unused-password'));
const graph = new GraphExecutor(driver, { database: 'neo4j', queryTimeoutMs: 1_000 });
let built: string;
let empty: string;

beforeAll(async () => {
  // A build as Vite lays it out, and a file beside it that must stay out of reach.
  const root = await mkdtemp(path.join(os.tmpdir(), 'explore-serve-'));
  built = path.join(root, 'dist');
  empty = path.join(root, 'not-built');
  await mkdir(path.join(built, 'assets'), { recursive: true });
  await writeFile(path.join(built, 'index.html'), '<!doctype html><title>Explore</title>');
  await writeFile(path.join(built, 'assets', 'index-AbC123.js'), 'console.log(1)');
  await writeFile(path.join(built, 'assets', 'index-AbC123.css'), 'body{}');
  await writeFile(path.join(root, 'secret.txt'), 'not for the web');
});

afterAll(async () => {
  await driver.close();
  await rm(path.dirname(built), { recursive: true, force: true });
});

describe('the explorer page at /explore', () => {
  it('serves index.html at /explore and /explore/, revalidated on each load and with a strict CSP', async () => {
    const app = createApp({ graph, logger: createLogger('silent'), exploreDir: built });
    for (const url of ['http://yoga/explore', 'http://yoga/explore/', 'http://yoga/explore/index.html']) {
      const response = await app.fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).toContain('<title>Explore</title>');
    }
  });

  it('serves hashed assets with their content types, cached for good', async () => {
    const js = await answerExploreRequest(built, 'GET', '/explore/assets/index-AbC123.js');
    expect(js?.status).toBe(200);
    expect(js?.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js?.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const css = await answerExploreRequest(built, 'GET', '/explore/assets/index-AbC123.css');
    expect(css?.headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await answerExploreRequest(built, 'HEAD', '/explore/assets/index-AbC123.js');
    expect(head?.status).toBe(200);
    expect(head?.body).toBeNull();
  });

  it('answers 404 for unknown files and for every way out of the build directory', async () => {
    for (const pathname of [
      '/explore/assets/nope.js',
      '/explore/nope',
      '/explore/../secret.txt',
      '/explore/assets/../../secret.txt',
      '/explore/..%2fsecret.txt',
      '/explore/%2e%2e/secret.txt',
      '/explore/assets\\..\\..\\secret.txt',
      '/explore//etc/passwd',
      '/explore/a/b/c.js',
    ]) {
      const answer = await answerExploreRequest(built, 'GET', pathname);
      expect(answer?.status, pathname).toBe(404);
    }
    const app = createApp({ graph, logger: createLogger('silent'), exploreDir: built });
    const response = await app.fetch('http://yoga/explore/%2e%2e/secret.txt');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('not for the web');
  });

  it('refuses methods other than GET and HEAD, and leaves other paths to the API', async () => {
    expect((await answerExploreRequest(built, 'POST', '/explore'))?.status).toBe(405);
    expect(await answerExploreRequest(built, 'GET', '/explorer')).toBeNull();
    expect(await answerExploreRequest(built, 'GET', '/graphql')).toBeNull();
  });

  it('says how to build the page when it is not built, instead of failing', async () => {
    const app = createApp({ graph, logger: createLogger('silent'), exploreDir: empty });
    const response = await app.fetch('http://yoga/explore');
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run explore:build');
    expect((await app.fetch('http://yoga/explore/assets/index-AbC123.js')).status).toBe(404);
  });
});

describe('GraphiQL', () => {
  it('links to the explorer page', async () => {
    const app = createApp({ graph, logger: createLogger('silent'), exploreDir: built });
    const response = await app.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });
    const html = await response.text();
    expect(html).toContain('<a id="explore-link" href="/explore"');
    // The title and the worked examples are still Yoga's to render.
    expect(html).toContain('<title>CNCF knowledge graph</title>');
  });
});
