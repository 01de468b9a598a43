import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { GraphExecutor } from '../../src/neo4j/executor.ts';
import {
  loadTrustedDocuments,
  RegisteredDocuments,
  sha256Hex,
  TrustedDocumentsError,
} from '../../src/persisted-operations.ts';
import { schema } from '../../src/schema/index.ts';

// Operations by hash, on the wire as Apollo Client's persisted-queries link sends them (POST, and GET
// for hashed queries), over the real app. Nothing here needs the graph: `__typename` is answered by
// graphql itself, and the driver points at a port nothing listens on.
const driver = neo4j.driver('bolt://127.0.0.1:1', neo4j.auth.basic('neo4j', 'unused-password'), {
  logging: { level: 'error', logger: () => {} },
});
const graph = new GraphExecutor(driver, { database: 'neo4j', queryTimeoutMs: 2_000 });
const api = { ...loadConfig({}).api, responseCacheTtlMs: 0 };
const dir = mkdtempSync(path.join(tmpdir(), 'trusted-'));

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await driver.close();
});

const HELLO = 'query Hello { __typename }';
const OTHER = 'query Other { kind: __typename }';
const persisted = (document: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256Hex(document) } });

type Body = {
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: { code?: string } }[];
};

async function post(app: ReturnType<typeof createApp>, body: Record<string, unknown>) {
  const response = await app.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

async function get(app: ReturnType<typeof createApp>, parameters: Record<string, unknown>) {
  const search = new URLSearchParams(
    Object.entries(parameters).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
  const response = await app.fetch(`http://yoga/graphql?${search}`, {
    headers: { accept: 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as Body };
}

describe('automatic persisted queries (the default)', () => {
  it('answers an unknown hash with PersistedQueryNotFound, keeps the text sent with it, then runs the hash alone', async () => {
    const app = createApp({ graph, logger: createLogger('silent'), api });
    const hashOnly = { operationName: 'Hello', variables: {}, extensions: persisted(HELLO) };
    const miss = await post(app, hashOnly);
    expect(miss.body.errors?.[0]).toMatchObject({
      message: 'PersistedQueryNotFound',
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
    });
    expect(miss.body.data).toBeUndefined();
    // The link's retry: the same request with the text.
    expect((await post(app, { ...hashOnly, query: HELLO })).body).toEqual({ data: { __typename: 'Query' } });
    expect((await post(app, hashOnly)).body).toEqual({ data: { __typename: 'Query' } });
    // GET, as the link sends hashed queries with useGETForHashedQueries.
    expect((await get(app, hashOnly)).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a text whose hash is not the one sent, and keeps nothing of it', async () => {
    const app = createApp({ graph, logger: createLogger('silent'), api });
    const lying = await post(app, { query: OTHER, extensions: persisted(HELLO) });
    expect(lying.status).toBe(400);
    expect(lying.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
    const after = await post(app, { extensions: persisted(HELLO) });
    expect(after.body.errors?.[0]?.message).toBe('PersistedQueryNotFound');
  });

  it('still runs plain queries and says "Must provide query string." when there is neither', async () => {
    const app = createApp({ graph, logger: createLogger('silent'), api });
    expect((await post(app, { query: HELLO })).body).toEqual({ data: { __typename: 'Query' } });
    expect((await post(app, { variables: {} })).body.errors?.[0]?.message).toBe('Must provide query string.');
  });
});

describe('the registered documents', () => {
  it('drop the least recently used first, by count and by bytes, and never keep one over the budget', () => {
    const documents = new RegisteredDocuments({ maxEntries: 2, maxBytes: 10 });
    documents.set('a', 'aaaa');
    documents.set('b', 'bbbb');
    expect(documents.get('a')).toBe('aaaa');
    documents.set('c', 'cccc');
    expect([documents.get('a'), documents.get('b'), documents.get('c')]).toEqual(['aaaa', null, 'cccc']);
    documents.set('d', 'dddddddd');
    expect([documents.get('a'), documents.get('c'), documents.get('d')]).toEqual([null, null, 'dddddddd']);
    documents.set('e', 'x'.repeat(11));
    expect(documents.get('e')).toBeNull();
    expect(documents.size).toBe(1);
  });
});

describe('trusted documents (TRUSTED_DOCUMENTS_FILE)', () => {
  const manifest = (entries: Record<string, string>) => {
    const file = path.join(dir, `manifest-${Object.keys(entries).length}-${Math.random()}.json`);
    writeFileSync(file, JSON.stringify(entries));
    return file;
  };

  it('runs only the manifest’s operations, by hash; any other text or hash is refused', async () => {
    const file = manifest({ [sha256Hex(HELLO)]: HELLO });
    const app = createApp({
      graph,
      logger: createLogger('silent'),
      api: { ...api, trustedDocumentsFile: file },
    });
    expect((await post(app, { extensions: persisted(HELLO) })).body).toEqual({
      data: { __typename: 'Query' },
    });
    expect((await get(app, { extensions: persisted(HELLO) })).body).toEqual({
      data: { __typename: 'Query' },
    });
    const text = await post(app, { query: HELLO });
    expect(text.status).toBe(400);
    expect(text.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    // Not registered by sending it either.
    await post(app, { query: OTHER, extensions: persisted(OTHER) });
    const other = await post(app, { extensions: persisted(OTHER) });
    expect(other.status).toBe(400);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });

  it('refuses, when the service starts, a manifest that is not one or does not fit the schema', () => {
    const wrongHash = manifest({ [sha256Hex(OTHER)]: HELLO });
    expect(() => loadTrustedDocuments(wrongHash, schema)).toThrow(/is not the sha256 of its document/);
    const stale = 'query Gone { noSuchField }';
    expect(() => loadTrustedDocuments(manifest({ [sha256Hex(stale)]: stale }), schema)).toThrow(
      /does not fit this schema: Cannot query field "noSuchField"/,
    );
    const list = path.join(dir, 'list.json');
    writeFileSync(list, '[]');
    expect(() => loadTrustedDocuments(list, schema)).toThrow(TrustedDocumentsError);
    expect(() => loadTrustedDocuments(path.join(dir, 'missing.json'), schema)).toThrow(
      /cannot be read as JSON/,
    );
  });
});
