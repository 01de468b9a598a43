import type { Buffer } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { PROJECT_ROOT } from '../config.ts';

/**
 * `GET /explore`: the graph explorer page, built by Vite from explore/ (`npm run explore:build`,
 * run by `npm ci` and by `npm start` when the build is missing). Served by the Yoga app before
 * GraphQL sees the request, like the exports. The page is a client of the public API only.
 */

/** Where `vite build` writes the page (explore/vite.config.ts); gitignored. */
export const EXPLORE_BUILD_DIR = path.join(PROJECT_ROOT, 'explore', 'dist');

export const EXPLORE_PATH = '/explore';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

// Vite puts a content hash in every name under assets/: a changed file gets a new name, so these
// may be kept for a year. index.html names them, so it is revalidated on every load.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

// The page loads nothing from elsewhere; the browser is told so too. Cytoscape styles its canvas
// through inline style attributes, hence 'unsafe-inline' for styles only.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

// Names Vite writes: letters, digits, dots, dashes and underscores, in at most one sub-directory.
// Anything else (`..`, encoded slashes, backslashes, NUL) is not a file of the page.
const SAFE_RELATIVE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)?[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export interface ExploreResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string | null;
}

function text(status: number, message: string, extra: Record<string, string> = {}): ExploreResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': REVALIDATE, ...extra },
    body: message,
  };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * The answer to a request for `pathname` under /explore, or null when the path is not the page's.
 * A pure function of the build directory's contents, so that tests can call it with any directory.
 */
export async function answerExploreRequest(
  buildDir: string,
  method: string,
  pathname: string,
): Promise<ExploreResponse | null> {
  if (pathname !== EXPLORE_PATH && !pathname.startsWith(`${EXPLORE_PATH}/`)) return null;
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'Method not allowed', { allow: 'GET, HEAD' });

  const relative = pathname.slice(EXPLORE_PATH.length + 1);
  const isPage = relative === '' || relative === 'index.html';
  if (isPage && !(await isFile(path.join(buildDir, 'index.html')))) {
    // A clone where `npm ci` skipped scripts, or a deleted build: say what to run, not a 500.
    return {
      status: 503,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': REVALIDATE },
      body:
        '<!doctype html><meta charset="utf-8"><title>Explorer not built</title>' +
        '<p>The graph explorer has not been built. Run <code>npm run explore:build</code> ' +
        '(<code>npm ci</code> and <code>npm start</code> do it) and reload. ' +
        'The GraphQL API is at <a href="/graphql">/graphql</a>.</p>',
    };
  }
  const file = isPage ? 'index.html' : relative;
  if (!SAFE_RELATIVE_PATH.test(file)) return text(404, 'Not found');
  const absolute = path.resolve(buildDir, file);
  // Belt and braces: the pattern already rules out `..`; the resolved path must stay inside.
  if (!absolute.startsWith(`${path.resolve(buildDir)}${path.sep}`)) return text(404, 'Not found');
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!contentType || !(await isFile(absolute))) return text(404, 'Not found');

  const body = await readFile(absolute);
  return {
    status: 200,
    headers: {
      'content-type': contentType,
      'content-length': String(body.byteLength),
      'cache-control': file.startsWith('assets/') ? IMMUTABLE : REVALIDATE,
      'x-content-type-options': 'nosniff',
      ...(file === 'index.html' ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
    },
    body: method === 'HEAD' ? null : body,
  };
}

/** Serves the built explorer at /explore and /explore/…; every other path goes on to Yoga. */
export function explorePlugin(buildDir: string = EXPLORE_BUILD_DIR): Plugin {
  return {
    async onRequest({ url, request, fetchAPI, endResponse }) {
      const answer = await answerExploreRequest(buildDir, request.method, url.pathname);
      if (!answer) return;
      // A Buffer is a Uint8Array, which Response takes; TypeScript's DOM-less BodyInit does not say so.
      endResponse(
        new fetchAPI.Response(answer.body as BodyInit | null, {
          status: answer.status,
          headers: answer.headers,
        }),
      );
    },
  };
}
