import type { Plugin } from 'graphql-yoga';
import { type GraphExecutor, GraphTimeoutError, GraphUnavailableError } from '../graph/executor.ts';
import type { Log } from '../logger.ts';
import { GRAPHML_CONTENT_TYPE, graphmlChunks } from './graphml.ts';
import { NODE_LINK_CONTENT_TYPE, nodeLinkChunks } from './node-link.ts';
import {
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
 * 503, a query over its time 504; nothing answers with a stack.
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

export interface ExportPluginOptions {
  /** Where unexpected failures are reported (clients get only a generic message). */
  log?: Pick<Log, 'error'>;
  limits?: ExportLimits;
}

export function exportPlugin(graph: GraphExecutor, options: ExportPluginOptions = {}): Plugin {
  const limits = options.limits ?? EXPORT_LIMITS;
  return {
    onRequest({ url, request, fetchAPI, endResponse }) {
      const format = ROUTES[url.pathname];
      if (format === undefined) return;
      const json = (status: number, error: string, headers: Record<string, string> = {}) =>
        new fetchAPI.Response(JSON.stringify({ error }), {
          status,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'cache-control': 'no-store',
            ...headers,
          },
        });
      if (request.method !== 'GET') {
        endResponse(json(405, `${request.method} is not supported here; use GET`, { allow: 'GET' }));
        return;
      }
      // The hook must not throw (Yoga passes its exceptions to the HTTP server), so every failure
      // becomes a response here.
      return respond(graph, url.searchParams, format, limits, fetchAPI).then(
        endResponse,
        (error: unknown) => {
          if (error instanceof ExportFilterError) return endResponse(json(400, error.message));
          if (error instanceof UnknownEntityError) return endResponse(json(404, error.message));
          if (error instanceof GraphUnavailableError) {
            return endResponse(json(503, 'the graph database is unavailable; try again later'));
          }
          if (error instanceof GraphTimeoutError) {
            return endResponse(
              json(
                504,
                'the export took longer than the query timeout; narrow it with kinds, types or around',
              ),
            );
          }
          options.log?.error(
            `export failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
          return endResponse(json(500, 'the export failed'));
        },
      );
    },
  };
}

async function respond(
  graph: GraphExecutor,
  params: URLSearchParams,
  format: ExportFormat,
  limits: ExportLimits,
  fetchAPI: { Response: typeof Response; ReadableStream: typeof ReadableStream },
): Promise<Response> {
  const filter = filterFromSearchParams(params);
  const subgraph = await readSubgraph(graph, filter, limits);
  const chunks = exportChunks(subgraph, format);
  const encoder = new TextEncoder();
  // Pulled one chunk at a time, so the document is never one string: at most one chunk waits
  // while the client reads.
  const body = new fetchAPI.ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new fetchAPI.Response(body, {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="${exportFilename(filter, format)}"`,
      'cache-control': 'no-store',
      'x-export-nodes': String(subgraph.nodes.length),
      'x-export-links': String(subgraph.links.length),
      'x-export-truncated': String(subgraph.truncated),
    },
  });
}
