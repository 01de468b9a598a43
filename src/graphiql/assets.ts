import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip as zlibGzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

/**
 * GraphiQL's code served by this server from the installed `@graphql-yoga/graphiql` package, not
 * from unpkg: Yoga's page loads its script, stylesheet and Monaco's worker bundles from the CDN, so
 * on a machine or network without it the page stays blank. `localGraphiQLPage` points the page at
 * GRAPHIQL_ASSETS_PATH, and `graphiqlAssetsPlugin` answers there with the five files, and nothing
 * else (a fixed list, so no path from a request ever reaches the file system).
 */

const DIST = path.dirname(fileURLToPath(import.meta.resolve('@graphql-yoga/graphiql')));
const VERSION: string = JSON.parse(readFileSync(path.join(DIST, '..', 'package.json'), 'utf8')).version;

/** Versioned, so that the files can be cached for a year and an upgrade is fetched anew. */
export const GRAPHIQL_ASSETS_PATH = `/graphiql-assets/${VERSION}/`;

const FILES: Record<string, string> = {
  'yoga-graphiql.umd.js': 'text/javascript; charset=utf-8',
  'graphiql.css': 'text/css; charset=utf-8',
  'monacoeditorwork/editor.worker.bundle.js': 'text/javascript; charset=utf-8',
  'monacoeditorwork/json.worker.bundle.js': 'text/javascript; charset=utf-8',
  // Sic: the package names it with two dots, and Yoga's page asks for it so.
  'monacoeditorwork/graphql.worker..bundle.js': 'text/javascript; charset=utf-8',
};

// Yoga's page names its CDN copy of the same files (a patch release apart at most).
const CDN_DIST = /https:\/\/unpkg\.com\/@graphql-yoga\/graphiql@[0-9][0-9A-Za-z.-]*\/dist\//g;
// Its icon comes from GitHub: left out rather than fetched from elsewhere.
const CDN_ICON = /<link rel=icon href=https:\/\/raw\.githubusercontent\.com\/[^>]*>/;

/**
 * Yoga's GraphiQL page with every file it loads taken from this server. Throws when the page still
 * names another host (a Yoga upgrade that loads something new): a blank page offline would
 * otherwise be found by users, not by the tests.
 */
export function localGraphiQLPage(page: string): string {
  const local = page.replace(CDN_DIST, GRAPHIQL_ASSETS_PATH).replace(CDN_ICON, '');
  const elsewhere = [
    ...local.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)=["']?(https?:)?\/\//gi),
    ...local.matchAll(/workerUrls=\{[^}]*https?:\/\//g),
  ];
  if (elsewhere.length > 0 || local.includes('unpkg.com')) {
    throw new Error('Yoga’s GraphiQL page loads a file from another host; serve it from graphiql/assets.ts');
  }
  return local;
}

const gzip = promisify(zlibGzip);

/** GET and HEAD of GRAPHIQL_ASSETS_PATH + one of FILES; gzipped for clients that take it. */
export function graphiqlAssetsPlugin(): Plugin {
  // Read (and gzipped) on first use and kept: about 6.5 MB, 1.6 MB gzipped, for every later page.
  const kept = new Map<string, Promise<{ plain: Buffer; gzipped: Buffer }>>();
  const load = (file: string) => {
    let entry = kept.get(file);
    if (!entry) {
      entry = readFile(path.join(DIST, file)).then(async (plain) => ({ plain, gzipped: await gzip(plain) }));
      entry.catch(() => kept.delete(file));
      kept.set(file, entry);
    }
    return entry;
  };
  return {
    async onRequest({ url, request, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return;
      const file = url.pathname.slice(GRAPHIQL_ASSETS_PATH.length);
      const contentType = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
      if (contentType === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) {
        endResponse(
          new fetchAPI.Response('Not found', {
            status: 404,
            headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
          }),
        );
        return;
      }
      const { plain, gzipped } = await load(file);
      const useGzip = /\bgzip\b/i.test(request.headers.get('accept-encoding') ?? '');
      const body = useGzip ? gzipped : plain;
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : (body as unknown as BodyInit), {
          status: 200,
          headers: {
            'content-type': contentType,
            'content-length': String(body.byteLength),
            'cache-control': 'public, max-age=31536000, immutable',
            vary: 'accept-encoding',
            ...(useGzip ? { 'content-encoding': 'gzip' } : {}),
          },
        }),
      );
    },
  };
}
