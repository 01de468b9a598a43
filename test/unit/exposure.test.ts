import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';

// What a production deployment can switch off or restrict: GraphiQL, introspection, browser origins.
// None of these requests reaches the database: the driver points at a port nothing listens on.
const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'unused-password'));
const graph = new GraphExecutor(driver, { database: 'neo4j', queryTimeoutMs: 1_000 });
afterAll(() => driver.close());

function appWith(env: Record<string, string>) {
  return createApp({ graph, logger: createLogger('silent'), api: loadConfig(env).api });
}

const INTROSPECTION = JSON.stringify({ query: '{ __schema { queryType { name } } }' });
const post = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

describe('GraphiQL', () => {
  it('is served by default and not when GRAPHIQL_ENABLED=false', async () => {
    const on = await appWith({}).fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });
    expect(on.status).toBe(200);
    expect(await on.text()).toContain('GraphiQL');
    const off = await appWith({ GRAPHIQL_ENABLED: 'false' }).fetch('http://yoga/graphql', {
      headers: { accept: 'text/html' },
    });
    expect(await off.text()).not.toContain('GraphiQL');
  });
});

describe('introspection', () => {
  it('answers by default and is refused when INTROSPECTION_ENABLED=false', async () => {
    const on = (await (await appWith({}).fetch('http://yoga/graphql', post(INTROSPECTION))).json()) as {
      data?: { __schema: { queryType: { name: string } } };
    };
    expect(on.data?.__schema.queryType.name).toBe('Query');
    const off = (await (
      await appWith({ INTROSPECTION_ENABLED: 'false' }).fetch('http://yoga/graphql', post(INTROSPECTION))
    ).json()) as { data?: unknown; errors?: { message: string }[] };
    expect(off.data).toBeUndefined();
    expect(off.errors?.[0]?.message).toMatch(/introspection/i);
  });
});

describe('CORS', () => {
  it('allows any origin by default', async () => {
    const response = await appWith({}).fetch('http://yoga/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://anywhere.example', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toMatch(/^(\*|https:\/\/anywhere\.example)$/);
  });

  it('allows only the listed origins when CORS_ORIGINS names them', async () => {
    const app = appWith({ CORS_ORIGINS: 'https://explorer.example, https://other.example' });
    const listed = await app.fetch('http://yoga/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://explorer.example', 'access-control-request-method': 'POST' },
    });
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://explorer.example');
    const unlisted = await app.fetch('http://yoga/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(unlisted.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });
});
