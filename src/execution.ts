import { useGraphQlJit } from '@envelop/graphql-jit';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * How documents are executed. graphql-jit compiles each document once (Yoga caches the parsed
 * document, and the compiled query is kept per document), then runs plain JavaScript per request
 * instead of graphql-js walking the schema for every field of every item: on a nested answer of a
 * few hundred items that is most of the time spent outside Neo4j (bench/results.md, issue 7).
 *
 * Yoga's own executor marks errors raised before execution starts (a variable of the wrong type)
 * as the client's, answered with 400; graphql-jit returns the same errors without that mark, so it
 * is added here. Listed before every other plugin: the JIT replaces the executor, and plugins after
 * it (observability) must wrap the compiled executor rather than be replaced by it.
 */
export function executionPlugins<TContext extends Record<string, unknown>>(): Plugin<TContext>[] {
  return [useGraphQlJit() as Plugin<TContext>, requestErrorsAre400 as Plugin<TContext>];
}

// An answer with errors and no `data` at all is a request error: execution never started
// (GraphQL over HTTP: 400 for such answers, whatever the Accept header).
const requestErrorsAre400: Plugin = {
  onExecute: () => ({
    onExecuteDone: ({ result, setResult }) => {
      if (Symbol.asyncIterator in result || 'data' in result || !result.errors) return;
      // graphql-jit's errors do not let their extensions be changed: new ones, the same otherwise.
      setResult({
        ...result,
        errors: result.errors.map(
          (error) =>
            new GraphQLError(error.message, {
              nodes: error.nodes,
              source: error.source,
              positions: error.positions,
              path: error.path,
              originalError: error.originalError,
              extensions: { ...error.extensions, http: { ...(error.extensions?.http ?? {}), status: 400 } },
            }),
        ),
      });
    },
  }),
};
