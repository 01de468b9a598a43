import { gunzipSync } from 'node:zlib';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { GRAPHIQL_ASSETS_PATH, graphiqlAssetsPlugin, localGraphiQLPage } from '../../src/graphiql/assets.ts';

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
  logging: false,
  plugins: [graphiqlAssetsPlugin()],
});
const asset = (file: string, init: RequestInit = {}) =>
  yoga.fetch(`http://yoga${GRAPHIQL_ASSETS_PATH}${file}`, init);

describe("GraphiQL's code, served from the installed package", () => {
  it('serves the script, the stylesheet and the three worker bundles, cacheable for a year', async () => {
    for (const [file, type] of [
      ['yoga-graphiql.umd.js', 'text/javascript; charset=utf-8'],
      ['graphiql.css', 'text/css; charset=utf-8'],
      ['monacoeditorwork/editor.worker.bundle.js', 'text/javascript; charset=utf-8'],
      ['monacoeditorwork/json.worker.bundle.js', 'text/javascript; charset=utf-8'],
      ['monacoeditorwork/graphql.worker..bundle.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const response = await asset(file);
      expect([file, response.status, response.headers.get('content-type')]).toEqual([file, 200, type]);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1_000);
    }
  });

  it('gzips for clients that take it, the same bytes once unzipped', async () => {
    const plain = Buffer.from(await (await asset('graphiql.css')).arrayBuffer());
    const zipped = await asset('graphiql.css', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer()))).toEqual(plain);
  });

  it('answers 404 to any other path under it, however it is spelt, and to other methods', async () => {
    for (const file of [
      '../package.json',
      '..%2Fpackage.json',
      'yoga-graphiql.es.js',
      'monacoeditorwork',
      '',
      'x',
    ]) {
      expect([file, (await asset(file)).status]).toEqual([file, 404]);
    }
    expect((await asset('graphiql.css', { method: 'POST' })).status).toBe(404);
    expect((await asset('graphiql.css', { method: 'HEAD' })).status).toBe(200);
  });

  it('refuses a page that would still load something from another host', () => {
    expect(() => localGraphiQLPage('<script src=https://cdn.example/x.js></script>')).toThrow(/another host/);
  });
});
