import type { DocumentNode, ExecutionArgs, ExecutionResult } from 'graphql';
import { execute as executeInGraphqlJs, GraphQLError } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { MAX_ERRORS } from './client-errors.ts';
import { introspectionWorkerFor, rootSelection } from './introspection.ts';

/**
 * How documents are executed. graphql-jit compiles each operation of a document once (Yoga caches
 * the parsed document, and the compiled query is kept per document and operation name), then runs
 * plain JavaScript per request instead of graphql-js walking the schema for every field of every
 * item: on a nested answer of a few hundred items that is most of the time spent outside Neo4j
 * (bench/results.md, issue 7).
 *
 * Yoga's own executor marks errors raised before execution starts (a variable of the wrong type)
 * as the client's, answered with 400; graphql-jit returns the same errors without that mark, so it
 * is added here. Listed before every other plugin: the JIT replaces the executor, and plugins after
 * it (observability) must wrap the compiled executor rather than be replaced by it.
 */
export function executionPlugins<TContext extends Record<string, unknown>>(): Plugin<TContext>[] {
  return [compiledExecution() as Plugin<TContext>, requestErrorsAre400 as Plugin<TContext>];
}

/**
 * graphql-jit as the executor, its compiled queries kept per document *and* operation name.
 * @envelop/graphql-jit (11.2.1) keys its cache by the document alone: a document of several
 * operations then ran whichever one it compiled first, whatever `operationName` asked for (the
 * second of GraphiQL's worked examples answered with the first one's data).
 *
 * Only plans of operations that exist are kept, so the names kept per document are those of its
 * operations: a client sending made-up operation names cannot grow the cache. A document that does
 * not compile (an unknown operation name, say) answers with graphql-jit's errors, which Yoga masks
 * or passes. No subscription support: the schema has no subscription type, and such operations are
 * refused by validation (client-errors.ts) before they get here.
 *
 * Introspection is not compiled: compiling the standard introspection query held the event loop
 * for 70–135 ms, for an answer that depends on the schema alone. Introspection-only operations go
 * to a worker thread, and operations mixing it with data run in graphql-js (introspection.ts).
 */
function compiledExecution(): Plugin {
  type Plan = CompiledQuery | 'introspection' | 'mixed';
  // Weak: a document lives as long as Yoga's parse cache keeps it, and its plans with it.
  const plansByDocument = new WeakMap<DocumentNode, Map<string, Plan>>();

  const planOf = (args: ExecutionArgs, name: string): Plan | ExecutionResult => {
    const selection = rootSelection(args.document, name || undefined);
    if (selection === 'introspection' || selection === 'mixed') return selection;
    return compileQuery(args.schema, args.document, name || undefined);
  };

  const execute = (args: ExecutionArgs): ExecutionResult | Promise<ExecutionResult> => {
    // graphql-jit treats '' like no name at all (the document's only operation).
    const name = args.operationName ?? '';
    let plans = plansByDocument.get(args.document);
    let plan = plans?.get(name);
    if (!plan) {
      const planned = planOf(args, name);
      if (typeof planned !== 'string' && !isCompiledQuery(planned)) return planned;
      plan = planned;
      if (!plans) {
        plans = new Map();
        plansByDocument.set(args.document, plans);
      }
      plans.set(name, plan);
    }
    if (plan === 'introspection')
      return introspectionWorkerFor(args.schema).execute(
        args.document,
        name || undefined,
        args.variableValues ?? undefined,
      );
    if (plan === 'mixed') return executeInGraphqlJs(args);
    return plan.query(args.rootValue, args.contextValue, args.variableValues);
  };

  return {
    onExecute({ setExecuteFn }) {
      setExecuteFn(execute);
    },
  };
}

/**
 * An answer with errors and no `data` at all is a request error: execution never started (GraphQL
 * over HTTP: 400 for such answers, whatever the Accept header). Those graphql-jit raised itself (a
 * variable of the wrong type or missing, an unknown operation name) are the client's and get
 * BAD_USER_INPUT (unless they carry a code of their own); a failure wrapping some other error is
 * left as it is, for masking to hide (and answer 500).
 */
const requestErrorsAre400: Plugin = {
  onExecute: () => ({
    onExecuteDone: ({ result, setResult }) => {
      if (Symbol.asyncIterator in result || 'data' in result || !result.errors) return;
      // graphql-jit's errors do not let their extensions be changed: new ones, the same otherwise.
      setResult({
        ...result,
        // Beyond MAX_ERRORS left as they are: the answer keeps only that many (client-errors.ts).
        errors: result.errors.map((error, index) =>
          index >= MAX_ERRORS || (error.originalError && !(error.originalError instanceof GraphQLError))
            ? error
            : new GraphQLError(error.message, {
                nodes: error.nodes,
                source: error.source,
                positions: error.positions,
                path: error.path,
                originalError: error.originalError,
                extensions: {
                  code: 'BAD_USER_INPUT',
                  ...error.extensions,
                  // A status of the error's own (the introspection worker's 503) stands.
                  http: { status: 400, ...(error.extensions?.http ?? {}) },
                },
              }),
        ),
      });
    },
  }),
};
