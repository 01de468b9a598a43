import type { Plugin } from 'graphql-yoga';
import type { Log } from '../logger.ts';
import { GraphTimeoutError, GraphUnavailableError } from '../neo4j/executor.ts';
import { CLAIM_TYPES } from '../vocabulary/kinds.ts';
import { type ExportDocument, type Exporter, type ExportFormat, KeptPerGeneration } from './document.ts';
import { GRAPHML_CONTENT_TYPE } from './graphml.ts';
import { NODE_LINK_CONTENT_TYPE } from './node-link.ts';
import {
  EXPORT_KINDS,
  EXPORT_LIMITS,
  type ExportFilter,
  ExportFilterError,
  type ExportLimits,
  parseExportFilter,
  type RawExportFilter,
  UnknownEntityError,
} from './subgraph.ts';

/**
 * `GET /export/graph.graphml` and `GET /export/graph.json`, served by the Yoga app before GraphQL
 * sees the request (as Yoga's readiness check is). Query parameters: `kinds`, `types` (comma-
 * separated, or repeated), `asOf` (YYYY-MM-DD; left out: any time, said in X-Export-As-Of),
 * `around` (an entity id) and `depth` (0–3).
 * A bad parameter gets 400 and an unknown `around` 404, each with `{ "error": "…" }`; an outage
 * 503, a query over its time 504, an export beyond the ones being made at once 429 with
 * Retry-After; nothing answers with a stack.
 */

const ROUTES: Record<string, ExportFormat> = {
  '/export/graph.graphml': 'graphml',
  '/export/graph.json': 'json',
};

const LIST_PARAMETERS = ['kinds', 'types'] as const;
const SINGLE_PARAMETERS = ['asOf', 'around', 'depth'] as const;
const KNOWN_PARAMETERS: readonly string[] = [...LIST_PARAMETERS, ...SINGLE_PARAMETERS];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  graphml: `${GRAPHML_CONTENT_TYPE}; charset=utf-8`,
  json: `${NODE_LINK_CONTENT_TYPE}; charset=utf-8`,
};

/**
 * Query parameters → filter. Unknown parameters are refused rather than ignored: a misspelt
 * `kind=Person` would otherwise export the whole graph without a word.
 */
export function filterFromSearchParams(params: URLSearchParams): ExportFilter {
  const raw: RawExportFilter = {};
  for (const name of new Set(params.keys())) {
    if (!KNOWN_PARAMETERS.includes(name)) {
      throw new ExportFilterError(
        `unknown parameter ${JSON.stringify(name.slice(0, 40))}; expected ${KNOWN_PARAMETERS.join(', ')}`,
      );
    }
  }
  for (const name of LIST_PARAMETERS) {
    const values = params.getAll(name);
    if (values.length > 0) raw[name] = values.join(',');
  }
  for (const name of SINGLE_PARAMETERS) {
    const values = params.getAll(name);
    if (values.length > 1)
      throw new ExportFilterError(`${name} is given ${values.length} times; give it once`);
    if (values.length === 1) raw[name] = values[0];
  }
  return parseExportFilter(raw);
}

/** `cncf-graph[-as-of-DAY][-around-ID-dN].graphml`, in characters any file system and header take. */
export function exportFilename(filter: ExportFilter, format: ExportFormat): string {
  const parts = ['cncf-graph'];
  if (filter.asOf !== null) parts.push(`as-of-${filter.asOf}`);
  if (filter.around !== null) {
    const slug = filter.around
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60);
    parts.push(`around-${slug || 'entity'}-d${filter.depth}`);
  }
  return `${parts.join('-')}.${format === 'graphml' ? 'graphml' : 'json'}`;
}

/** Exports computed at once when the caller does not say (EXPORT_MAX_CONCURRENT's default). */
export const DEFAULT_MAX_CONCURRENT_EXPORTS = 2;

/**
 * What a refused export is told to wait, in seconds: an export of the whole real graph takes one
 * to three seconds of CPU, so a slot is usually free again by then.
 */
export const EXPORT_RETRY_AFTER_SECONDS = 5;

export interface ExportPluginOptions {
  /** Where unexpected failures are reported (clients get only a generic message). */
  log?: Pick<Log, 'error'>;
  limits?: ExportLimits;
  /** Exports computed at once; more are answered 429 with Retry-After. */
  maxConcurrent?: number;
  /**
   * Keeps the whole-graph export of each format for `ttlMs`, for as long as the graph's
   * generation (bumped after every import) stays the same. Left out (or a ttl of 0): no cache.
   */
  cache?: { generation: () => number; ttlMs: number };
}

/** Whether `accept-encoding` takes gzip (`gzip` or `*`, without `q=0`). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (acceptEncoding === null) return false;
  return acceptEncoding.split(',').some((item) => {
    const [coding, ...parameters] = item.split(';').map((part) => part.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') return false;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}

/** The graph as it is, unfiltered: the one export every client asks for alike, so the one cached. */
function isWholeGraph(filter: ExportFilter): boolean {
  return (
    filter.around === null &&
    filter.asOf === null &&
    filter.kinds.length === EXPORT_KINDS.length &&
    filter.types.length === CLAIM_TYPES.length
  );
}

type FetchAPI = { Response: typeof Response; ReadableStream: typeof ReadableStream };

function jsonError(fetchAPI: FetchAPI, status: number, error: string, headers: Record<string, string> = {}) {
  return new fetchAPI.Response(JSON.stringify({ error }), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

/** The plugin, with exports made by `exporter` (document.ts on this thread, or thread.ts's worker). */
export function exportPlugin(exporter: Exporter, options: ExportPluginOptions = {}): Plugin {
  const limits = options.limits ?? EXPORT_LIMITS;
  const maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_EXPORTS;
  const cache = options.cache !== undefined && options.cache.ttlMs > 0 ? options.cache : null;
  // The whole graph's export in each format, while the generation lasts (and the ttl).
  const documents = new KeptPerGeneration<ExportFormat, ExportDocument>();
  const keepFor = () => (cache ? { generation: cache.generation(), ttlMs: cache.ttlMs } : null);
  // Exports being read and serialised now. Refused beyond the limit rather than queued: a queue
  // would hold each waiting client's connection, and the work would only pile up behind it.
  let running = 0;

  const answer = async (
    params: URLSearchParams,
    format: ExportFormat,
    fetchAPI: FetchAPI,
    gzipAccepted: boolean,
  ) => {
    const filter = filterFromSearchParams(params);
    // Kept, and shared by the requests made while it is being made, only for the whole graph.
    const keep = isWholeGraph(filter) ? keepFor() : null;
    const kept = keep ? documents.get(format, keep) : undefined;
    if (kept !== undefined) return documentResponse(await kept, fetchAPI, gzipAccepted);
    if (running >= maxConcurrent) {
      return jsonError(
        fetchAPI,
        429,
        `${running} exports are being made, the most this server makes at once; try again shortly`,
        { 'retry-after': String(EXPORT_RETRY_AFTER_SECONDS) },
      );
    }
    running += 1;
    // The slot is free as soon as the document is made, however slowly the client reads it.
    const document = exporter.make({ filter, format, limits, keepRead: keep }).finally(() => {
      running -= 1;
    });
    if (keep) documents.keep(format, document, keep);
    return documentResponse(await document, fetchAPI, gzipAccepted);
  };

  return {
    onDispose: () => exporter.stop(),
    onRequest({ url, request, fetchAPI, endResponse }) {
      const format = ROUTES[url.pathname];
      if (format === undefined) return;
      if (request.method !== 'GET') {
        endResponse(
          jsonError(fetchAPI, 405, `${request.method} is not supported here; use GET`, { allow: 'GET' }),
        );
        return;
      }
      // The hook must not throw (Yoga passes its exceptions to the HTTP server), so every failure
      // becomes a response here.
      return answer(
        url.searchParams,
        format,
        fetchAPI,
        acceptsGzip(request.headers.get('accept-encoding')),
      ).then(endResponse, (error: unknown) => {
        if (error instanceof ExportFilterError) return endResponse(jsonError(fetchAPI, 400, error.message));
        if (error instanceof UnknownEntityError) return endResponse(jsonError(fetchAPI, 404, error.message));
        if (error instanceof GraphUnavailableError) {
          return endResponse(jsonError(fetchAPI, 503, 'the graph database is unavailable; try again later'));
        }
        if (error instanceof GraphTimeoutError) {
          return endResponse(
            jsonError(
              fetchAPI,
              504,
              'the export took longer than the query timeout; narrow it with kinds, types or around',
            ),
          );
        }
        options.log?.error(
          `export failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        return endResponse(jsonError(fetchAPI, 500, 'the export failed'));
      });
    },
  };
}

const CHUNK_BYTES = 64 * 1024;

function documentResponse(document: ExportDocument, fetchAPI: FetchAPI, gzipAccepted: boolean): Response {
  const bytes = gzipAccepted ? document.gzipped : document.text;
  let next = 0;
  // A chunk at a time, as the client reads (a view, not a copy): a cached document is shared.
  const body = new fetchAPI.ReadableStream<Uint8Array>({
    pull(controller) {
      if (next >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(next, next + CHUNK_BYTES));
      next += CHUNK_BYTES;
    },
  });
  return new fetchAPI.Response(body, {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[document.format],
      ...(gzipAccepted ? { 'content-encoding': 'gzip' } : {}),
      // Caches between here and the client must keep the two encodings apart.
      vary: 'accept-encoding',
      'content-disposition': `attachment; filename="${exportFilename(document.filter, document.format)}"`,
      'cache-control': 'no-store',
      'x-export-nodes': String(document.nodes),
      'x-export-links': String(document.links),
      'x-export-truncated': String(document.truncated),
      // The day the relationships hold on, or "any": an export left without asOf has every claim,
      // past and present (as path and neighbourhood do), unlike a relation field's "today".
      'x-export-as-of': document.filter.asOf ?? 'any',
    },
  });
}
