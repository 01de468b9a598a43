import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { ResponseGeneration } from './app.ts';
import type { SourceOutcome } from './import/importer.ts';
import type { Log } from './logger.ts';

/**
 * `POST /admin/import` (bring the graph up to date with the configured sources, then make every
 * cached response stale) and `POST /admin/cache/flush` (only the latter), served by the Yoga app
 * before GraphQL sees the request, as the export endpoints are.
 *
 * Both need `Authorization: Bearer <ADMIN_TOKEN>`. Without a configured token the plugin does
 * nothing, so the paths answer 404 like any unknown path: a deployment that never set a token has
 * no admin surface at all. Answers: 200 with a JSON summary (import), 204 (flush), 401 with
 * `WWW-Authenticate: Bearer` (missing or wrong token), 405 (not POST), 409 (an import is already
 * running), 500 with `{ "error": "…" }` and no stack (the import failed).
 */

export interface AdminPluginOptions {
  /** The bearer token callers must present; null turns the endpoints off. */
  token: string | null;
  /** What an import runs (main.ts: importConfiguredSources with the service's config and graph). */
  runImport: () => Promise<unknown>;
  /** Bumped after a successful import and on a flush: every cached response becomes stale. */
  responses: ResponseGeneration;
  log: Log;
}

const IMPORT_PATH = '/admin/import';
const FLUSH_PATH = '/admin/cache/flush';
const REALM = 'Bearer realm="cncf-knowledge-graph admin"';

// Both sides are hashed before comparing: timingSafeEqual needs equal lengths, and comparing
// digests keeps the token's length from showing in the time a refusal takes.
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** The token a request presents, or null when it has no bearer credentials. */
function presentedToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  // The scheme is case-insensitive (RFC 9110 §11.1); the token itself is taken as written.
  const match = header?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i);
  return match?.[1] ?? null;
}

/** One line per source instead of the importer's full result, whose rejected rows can run long. */
function summarise(result: unknown): unknown {
  if (
    typeof result !== 'object' ||
    result === null ||
    !Array.isArray((result as { sources?: unknown }).sources)
  ) {
    return result ?? null;
  }
  const { sources, ...rest } = result as { sources: SourceOutcome[] } & Record<string, unknown>;
  const count = (status: SourceOutcome['status']) =>
    sources.filter((source) => source.status === status).length;
  return {
    loaded: count('loaded'),
    unchanged: count('unchanged'),
    failed: count('failed'),
    ...rest,
    sources: sources.map((source) => ({
      id: source.id,
      status: source.status,
      nodes: source.nodes,
      claims: source.claims,
      rejected: Array.isArray(source.rejected) ? source.rejected.length : 0,
      error: source.error,
      ms: source.ms,
    })),
  };
}

export function adminPlugin(options: AdminPluginOptions): Plugin {
  const { token, runImport, responses, log } = options;
  if (token === null) return {};
  const expected = digest(token);
  let importing = false;

  return {
    onRequest({ url, request, fetchAPI, endResponse }) {
      const path = url.pathname;
      if (path !== IMPORT_PATH && path !== FLUSH_PATH) return;
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        new fetchAPI.Response(JSON.stringify(body), {
          status,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'cache-control': 'no-store',
            ...headers,
          },
        });

      if (request.method !== 'POST') {
        endResponse(
          json(405, { error: `${request.method} is not supported here; use POST` }, { allow: 'POST' }),
        );
        return;
      }
      const presented = presentedToken(request);
      if (presented === null || !timingSafeEqual(digest(presented), expected)) {
        // The reason only, never what was presented: a near-miss token in a log is a leaked token.
        log.warn(`admin: refused POST ${path} (${presented === null ? 'no bearer token' : 'wrong token'})`);
        const challenge = presented === null ? REALM : `${REALM}, error="invalid_token"`;
        endResponse(
          json(401, { error: 'a valid bearer token is required' }, { 'www-authenticate': challenge }),
        );
        return;
      }

      if (path === FLUSH_PATH) {
        responses.bump();
        log.info(`admin: response cache flushed (generation ${responses.current})`);
        endResponse(new fetchAPI.Response(null, { status: 204, headers: { 'cache-control': 'no-store' } }));
        return;
      }

      // Set before the first await, so a second request arriving meanwhile sees it.
      if (importing) {
        endResponse(json(409, { error: 'an import is already running; try again when it has finished' }));
        return;
      }
      importing = true;
      const started = Date.now();
      log.info('admin: import started');
      // The hook must not throw (Yoga hands its exceptions to the HTTP server), so a failure is
      // turned into a response here.
      return runImport()
        .then(
          (result) => {
            // Only now is the new graph there to be read: bumping earlier would let a request
            // cache the old graph's answer under the new generation.
            responses.bump();
            const ms = Date.now() - started;
            log.info(`admin: import finished in ${ms} ms (generation ${responses.current})`);
            endResponse(
              json(200, {
                status: 'imported',
                ms,
                generation: responses.current,
                summary: summarise(result),
              }),
            );
          },
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            log.error(`admin: import failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
            endResponse(json(500, { error: `the import failed: ${message}` }));
          },
        )
        .finally(() => {
          importing = false;
        });
    },
  };
}
