import { readFileSync } from 'node:fs';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { hashSHA256, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { createGraphQLError, createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import packageJson from '../package.json' with { type: 'json' };
import { clientErrorPlugins, maskUnexpectedErrors } from './client-errors.ts';
import { type Config, loadConfig } from './config.ts';
import { executionPlugins } from './execution.ts';
import { renderGraphiQLWithExploreLink } from './explore/graphiql.ts';
import { EXPLORE_BUILD_DIR, explorePlugin } from './explore/serve.ts';
import { exportsOf } from './export/document.ts';
import { exportPlugin } from './export/http.ts';
import { type ExportWorkerSettings, exportsOnWorker } from './export/thread.ts';
import { graphiqlAssetsPlugin } from './graphiql/assets.ts';
import { httpHeadersPlugin } from './http-headers.ts';
import { limitPlugins } from './limits.ts';
import type { Logger } from './logger.ts';
import type { GraphExecutor } from './neo4j/executor.ts';
import { loadTrustedDocuments, persistedOperationPlugins } from './persisted-operations.ts';
import type { Context } from './schema/builder.ts';
import { schema } from './schema/index.ts';

export interface AppDependencies {
  graph: GraphExecutor;
  logger: Logger;
  /** Limits, exposure, access and caching; the defaults of an empty environment when left out. */
  api?: Config['api'];
  /** Shared with whoever imports, so that an import makes every cached response stale. */
  responses?: ResponseGeneration;
  /** Plugins added by main.ts (observability, admin) in front of the app's own. */
  plugins?: (Plugin | Plugin<Record<string, never> & Context>)[];
  /** Where the built explorer page is; explore/dist when left out. */
  exploreDir?: string;
  /**
   * How a worker thread reaches the same Neo4j, to make exports there (export/thread.ts says why).
   * Left out, exports are made on the thread that answers requests, from `graph` itself.
   */
  exportWorker?: ExportWorkerSettings;
  /**
   * The only operations to run, by sha256 (persisted-operations.ts); null: any. Read from
   * `api.trustedDocumentsFile` when left out.
   */
  trustedDocuments?: Map<string, string> | null;
}

export type App = YogaServerInstance<Record<string, never>, Context>;

/**
 * The graph's generation, part of every response-cache key: bumping it after an import (or a flush)
 * makes every cached response unreachable at once, without walking the cache.
 */
export class ResponseGeneration {
  private generation = 0;

  get current(): number {
    return this.generation;
  }

  bump(): void {
    this.generation += 1;
  }
}

// Worked examples GraphiQL opens with; a .graphql file so editors highlight and check it.
const DEFAULT_DOCUMENT = readFileSync(
  new URL('./graphiql/default-document.graphql', import.meta.url),
  'utf8',
);

/**
 * Yoga parses a GET request's `variables` and `extensions` parameters without catching a JSON
 * error, which would surface as a 500; refuse them as the client's mistake instead.
 */
const rejectMalformedGetParameters: Plugin = {
  onRequestParse({ request }) {
    if (request.method !== 'GET') return;
    const parameters = new URL(request.url).searchParams;
    for (const name of ['variables', 'extensions']) {
      const value = parameters.get(name);
      if (value === null) continue;
      try {
        JSON.parse(value);
      } catch {
        throw createGraphQLError(`The ${name} parameter is not valid JSON`, {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      }
    }
  },
};

/**
 * Requests of more bytes than this are answered without the response cache. Keying one means
 * serialising and hashing all of it on the event loop (tens of milliseconds for the near-megabyte
 * bodies the body limit lets through, found by npm run probe:hostile), and nobody asks the same
 * megabyte twice. A document within the size limit and a few hundred ids fit well below it. GET
 * requests carry no body; their size is bounded by the server's header limit.
 */
export const MAX_CACHED_REQUEST_BYTES = 64 * 1024;

function tooLargeToCache(request: Request): boolean {
  return Number(request.headers.get('content-length') ?? 0) > MAX_CACHED_REQUEST_BYTES;
}

/**
 * The configured GraphQL server as a value, separate from any listener: main.ts hands it to
 * node:http, tests call `app.fetch('http://yoga/graphql', …)` with no port at all.
 */
export function createApp({
  graph,
  logger,
  api = loadConfig({}).api,
  responses = new ResponseGeneration(),
  plugins = [],
  exploreDir = EXPLORE_BUILD_DIR,
  exportWorker,
  trustedDocuments = api.trustedDocumentsFile ? loadTrustedDocuments(api.trustedDocumentsFile, schema) : null,
}: AppDependencies): App {
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // Yoga answers /health with 200 while the process runs; /ready below also asks Neo4j.
    healthCheckEndpoint: '/health',
    // limits.ts enforces MAX_REQUEST_BODY_BYTES, counting only bodies that declare no length.
    maxRequestBodySize: false,
    landingPage: false,
    graphiql: api.graphiql ? { title: 'CNCF knowledge graph', defaultQuery: DEFAULT_DOCUMENT } : false,
    // GraphiQL carries a link to the explorer page (/explore).
    renderGraphiQL: renderGraphiQLWithExploreLink,
    cors: { origin: api.corsOrigins, methods: ['GET', 'POST'], credentials: false },
    logging: logger.child({ component: 'yoga' }),
    // Error masking stays on: unexpected errors reach clients as "Unexpected error." with no
    // stack; GraphQLErrors raised on purpose pass through with their codes.
    maskedErrors: { maskError: maskUnexpectedErrors },
    context: () => {
      const requestStats = { roundTrips: 0 };
      return {
        // Per request: counts this request's Cypher round trips for metrics and logs.
        graph: graph.forRequest(() => {
          requestStats.roundTrips += 1;
        }),
        requestStats,
        version: packageJson.version,
        // Fixed per request, so every default `asOf` in one response means the same day.
        today: new Date().toISOString().slice(0, 10),
      };
    },
    plugins: [
      // First: graphql-jit replaces the executor, and the plugins after it wrap it (execution.ts).
      ...executionPlugins(),
      ...plugins,
      // nosniff and Cache-Control on every answer, a Content-Security-Policy on GraphiQL's page.
      httpHeadersPlugin({ graphqlEndpoint: '/graphql' }),
      rejectMalformedGetParameters,
      // Codes and short messages on every error; refuses what would otherwise be a 500 (client-errors.ts).
      ...clientErrorPlugins(),
      // Operations sent by hash: looked up before the limits see the document.
      ...persistedOperationPlugins({
        trusted: trustedDocuments,
        maxDocumentBytes: api.limits.maxDocumentBytes,
      }),
      // Before anything else runs: a query over a limit costs no Cypher at all.
      ...limitPlugins(api.limits),
      // ping() has its own short timeout, so /ready never hangs during an outage.
      readinessPlugin(() => graph.ping()),
      // GET /export/graph.graphml and /export/graph.json: the graph or a subgraph for Gephi and NetworkX.
      exportPlugin(exportWorker ? exportsOnWorker(exportWorker) : exportsOf(graph), {
        log: logger.child({ component: 'export' }),
        maxConcurrent: api.exportMaxConcurrent,
        // The whole-graph export is kept as read responses are: until the ttl or an import.
        cache: { generation: () => responses.current, ttlMs: api.responseCacheTtlMs },
      }),
      // GET /explore: the graph explorer page, a client of this API like any other.
      explorePlugin(exploreDir),
      // GraphiQL's own code, from the installed package: the page works with no CDN in reach.
      ...(api.graphiql ? [graphiqlAssetsPlugin()] : []),
      ...(api.introspection ? [] : [useDisableIntrospection()]),
      ...(api.responseCacheTtlMs > 0
        ? [
            useResponseCache<Context>({
              // The graph is public: one cache for everyone.
              session: () => null,
              ttl: api.responseCacheTtlMs,
              enabled: (request) => !tooLargeToCache(request),
              // Keyed by operation and variables, the day (`asOf` defaults to it) and the graph's
              // generation (an import makes every cached answer stale). The plugin asks for a key
              // even where it is not enabled; such requests get one that is never looked up.
              buildResponseCacheKey: ({ documentString, variableValues, operationName, context, request }) =>
                tooLargeToCache(request)
                  ? 'not cached'
                  : hashSHA256(
                      JSON.stringify([
                        responses.current,
                        (context as unknown as Context).today,
                        operationName ?? null,
                        documentString,
                        variableValues ?? null,
                      ]),
                    ),
            }),
          ]
        : []),
    ],
  });
}

/**
 * `/ready`: 200 while `check` says the database answers, 503 otherwise. Yoga's useReadinessCheck
 * answers the same, but also tests every other request's URL against a URLPattern: 1 % of the
 * CPU of a lookup, in an in-process profile (issue 18).
 */
function readinessPlugin(check: () => Promise<boolean>): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready') return;
      return check().then((ready) => endResponse(new fetchAPI.Response(null, { status: ready ? 200 : 503 })));
    },
  };
}
