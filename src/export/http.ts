import { promisify } from 'node:util';
import { gzip as zlibGzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { type GraphExecutor, GraphTimeoutError, GraphUnavailableError } from '../graph/executor.ts';
import { CLAIM_TYPES } from '../import/model.ts';
import type { Log } from '../logger.ts';
import { GRAPHML_CONTENT_TYPE, graphmlChunks } from './graphml.ts';
import { NODE_LINK_CONTENT_TYPE, nodeLinkChunks } from './node-link.ts';
import {
  EXPORT_KINDS,
  EXPORT_LIMITS,
  type ExportFilter,
  ExportFilterError,
  type ExportLimits,
  parseExportFilter,
  type RawExportFilter,
  readSubgraph,
  type Subgraph,
  UnknownEntityError,
} from './subgraph.ts';

/**
 * `GET /export/graph.graphml` and `GET /export/graph.json`, served by the Yoga app before GraphQL
 * sees the request (as Yoga's readiness check is). Query parameters: `kinds`, `types` (comma-
 * separated, or repeated), `asOf` (YYYY-MM-DD), `around` (an entity id) and `depth` (0–3).
 * A bad parameter gets 400 and an unknown `around` 404, each with `{ "error": "…" }`; an outage
 * 503, a query over its time 504, an export beyond the ones being made at once 429 with
 * Retry-After; nothing answers with a stack.
 */

export type ExportFormat = 'graphml' | 'json';

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

export function exportChunks(subgraph: Subgraph, format: ExportFormat): Generator<string> {
  return format === 'graphml' ? graphmlChunks(subgraph) : nodeLinkChunks(subgraph);
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

/** An export serialised whole: what a response sends and what the cache keeps. */
interface ExportDocument {
  filter: ExportFilter;
  format: ExportFormat;
  chunks: Uint8Array[];
  /** The same text gzipped, in chunks: what clients that accept gzip are sent. */
  gzipChunks: Uint8Array[];
  nodes: number;
  links: number;
  truncated: boolean;
}

type FetchAPI = { Response: typeof Response; ReadableStream: typeof ReadableStream };

const nextTurnOfTheEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Serialises one export. The text is made in chunks of about 64 KB with a turn of the event loop
 * between them, so that /health, /ready and GraphQL requests are answered while an export of the
 * whole graph is written (seconds of CPU in one piece otherwise). The document is held whole, so
 * the slot it took is free as soon as it is made, however slowly the client reads.
 */
async function produceExport(
  read: Promise<Subgraph>,
  filter: ExportFilter,
  format: ExportFormat,
): Promise<ExportDocument> {
  const subgraph = await read;
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  for (const chunk of exportChunks(subgraph, format)) {
    chunks.push(encoder.encode(chunk));
    await nextTurnOfTheEventLoop();
  }
  return {
    filter,
    format,
    chunks,
    gzipChunks: await gzipped(chunks),
    nodes: subgraph.nodes.length,
    links: subgraph.links.length,
    truncated: subgraph.truncated,
  };
}

/**
 * `chunks` gzipped, in chunks of the same size. Exports are JSON and XML, which gzip to about a
 * tenth; writing the whole graph's megabytes to 32 clients at once held the event loop for over
 * 100 ms at a time in socket writes (npm run probe:hostile). zlib works on libuv's thread pool,
 * not on the event loop; once per document, and a cached document is sent many times.
 */
async function gzipped(chunks: readonly Uint8Array[]): Promise<Uint8Array[]> {
  const whole = await gzip(Buffer.concat(chunks));
  const out: Uint8Array[] = [];
  for (let start = 0; start < whole.length; start += GZIP_CHUNK_BYTES)
    out.push(whole.subarray(start, start + GZIP_CHUNK_BYTES));
  return out;
}
const gzip = promisify(zlibGzip);
const GZIP_CHUNK_BYTES = 64 * 1024;

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

/**
 * The whole graph as read, and its export in each format, while the generation they were read in
 * lasts (and their ttl). Both formats are made from one read: reading and converting the graph is
 * most of an export's work on the event loop, and clients ask for both at once.
 */
class WholeGraphExports {
  private readonly entries = new Map<
    ExportFormat | 'read',
    { generation: number; startedAt: number; value: Promise<ExportDocument | Subgraph> }
  >();

  constructor(private readonly options: { generation: () => number; ttlMs: number }) {}

  /** The document, or the export still being made (its callers share it), or undefined. */
  get(format: ExportFormat): Promise<ExportDocument> | undefined {
    return this.live(format) as Promise<ExportDocument> | undefined;
  }

  /** The whole graph read for an export: kept, or being read, or read now by `read`. */
  read(read: () => Promise<Subgraph>): Promise<Subgraph> {
    const kept = this.live('read') as Promise<Subgraph> | undefined;
    if (kept !== undefined) return kept;
    const reading = read();
    this.keep('read', reading);
    return reading;
  }

  set(format: ExportFormat, document: Promise<ExportDocument>): void {
    this.keep(format, document);
  }

  private live(key: ExportFormat | 'read'): Promise<ExportDocument | Subgraph> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (
      entry.generation !== this.options.generation() ||
      performance.now() - entry.startedAt >= this.options.ttlMs
    ) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * Keeps `value` under the generation current as it starts: an import that ends while it is
   * made bumps the generation, so what it read before the import is not served afterwards.
   */
  private keep(key: ExportFormat | 'read', value: Promise<ExportDocument | Subgraph>): void {
    const entry = { generation: this.options.generation(), startedAt: performance.now(), value };
    this.entries.set(key, entry);
    const drop = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    // Dropped when its ttl is up rather than when the next export is asked for: an export is
    // megabytes, and nothing else would let go of it on a server nobody exports from again.
    setTimeout(drop, this.options.ttlMs).unref();
    // A failed export is not kept: the next request tries again.
    value.catch(drop);
  }
}

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

export function exportPlugin(graph: GraphExecutor, options: ExportPluginOptions = {}): Plugin {
  const limits = options.limits ?? EXPORT_LIMITS;
  const maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_EXPORTS;
  const cache =
    options.cache !== undefined && options.cache.ttlMs > 0 ? new WholeGraphExports(options.cache) : null;
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
    const wholeGraph = isWholeGraph(filter);
    const kept = wholeGraph ? cache?.get(format) : undefined;
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
    const read = () => readSubgraph(graph, filter, limits);
    const subgraph = wholeGraph && cache ? cache.read(read) : read();
    const document = produceExport(subgraph, filter, format).finally(() => {
      running -= 1;
    });
    if (wholeGraph) cache?.set(format, document);
    return documentResponse(await document, fetchAPI, gzipAccepted);
  };

  return {
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

function documentResponse(document: ExportDocument, fetchAPI: FetchAPI, gzipAccepted: boolean): Response {
  const chunks = gzipAccepted ? document.gzipChunks : document.chunks;
  let next = 0;
  // One chunk at a time, as the client reads; a cached document is shared, so it is only read.
  const body = new fetchAPI.ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[next];
      next += 1;
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
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
    },
  });
}
