import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import packageJson from '../package.json' with { type: 'json' };
import { exportPlugin } from './export/http.ts';
import type { GraphExecutor } from './graph/executor.ts';
import type { Logger } from './logger.ts';
import type { Context } from './schema/builder.ts';
import { toClientError } from './schema/errors.ts';
import { schema } from './schema/index.ts';

export interface AppDependencies {
  graph: GraphExecutor;
  logger: Logger;
}

export type App = YogaServerInstance<Record<string, never>, Context>;

// Worked examples GraphiQL opens with; a .graphql file so editors highlight and check it.
const DEFAULT_DOCUMENT = readFileSync(
  new URL('./graphiql/default-document.graphql', import.meta.url),
  'utf8',
);

/**
 * Yoga's masking, except for the Relay plugin's refusal of a malformed global id, which is the
 * client's mistake: it becomes a BAD_USER_INPUT error instead of "Unexpected error.".
 */
function maskUnexpectedErrors(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof Error && original.message.startsWith('Invalid global ID')) {
    return new GraphQLError(original.message, { extensions: { code: 'BAD_USER_INPUT', argument: 'id' } });
  }
  // An outage or a timeout anywhere (a lookup, a loader) is something the client can act on.
  const mapped = toClientError(original);
  if (mapped instanceof GraphQLError && mapped !== original) return mapped;
  return maskError(error, message, isDev);
}

/**
 * The configured GraphQL server as a value, separate from any listener: main.ts hands it to
 * node:http, tests call `app.fetch('http://yoga/graphql', …)` with no port at all.
 */
export function createApp({ graph, logger }: AppDependencies): App {
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // Yoga answers /health with 200 while the process runs; /ready below also asks Neo4j.
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: { title: 'CNCF knowledge graph', defaultQuery: DEFAULT_DOCUMENT },
    logging: logger.child({ component: 'yoga' }),
    // Error masking stays on (Yoga's default): unexpected errors reach clients as
    // "Unexpected error." with no stack; GraphQLErrors we raise on purpose pass through.
    maskedErrors: { maskError: maskUnexpectedErrors },
    // `today` is fixed per request, so every default `asOf` in one response means the same day.
    context: () => ({ graph, version: packageJson.version, today: new Date().toISOString().slice(0, 10) }),
    plugins: [
      useReadinessCheck({
        endpoint: '/ready',
        // false → 503. ping() has its own short timeout, so /ready never hangs during an outage.
        check: () => graph.ping(),
      }),
      // GET /export/graph.graphml and /export/graph.json: the graph or a subgraph for Gephi and NetworkX.
      exportPlugin(graph, { log: logger.child({ component: 'export' }) }),
    ],
  });
}
