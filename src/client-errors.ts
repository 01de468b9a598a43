import { type ASTVisitor, GraphQLError, type ValidationContext } from 'graphql';
import { createGraphQLError, isAsyncIterable, maskError, type Plugin, type YogaLogger } from 'graphql-yoga';
import { InvalidCursorError } from './graph/paging.ts';
import { GraphTimeoutError, GraphUnavailableError } from './neo4j/executor.ts';
import { MAX_ECHOED_INPUT, quoteInput, userInputError } from './schema/errors.ts';

/**
 * What a client is told when its request fails, whatever failed: every error it sees carries
 * `extensions.code`, and no message is long or says anything about the server's insides.
 *
 * - `maskUnexpectedErrors` is Yoga's mask for errors thrown while a request is handled: it maps
 *   what the graph layer throws to errors a client can act on and hides the rest;
 * - `clientErrorPlugins` refuse, with a clear 400, the requests graphql-jit or the response cache
 *   would otherwise turn into a 500 (an operation type the schema lacks, variables nested beyond
 *   any input type), and make a last pass over every answer: an error without a code is one nobody
 *   raised on purpose (graphql's own "Enum cannot represent value", "Runtime Object type …", or a
 *   code path that forgot its code) and is masked; input that graphql's messages quote back is cut,
 *   and so is a list of errors longer than anyone reads.
 */

/**
 * The one mapping of what the graph layer throws to errors a client can act on (anything else is
 * returned as it is): resolvers let these errors through, Yoga's mask (`maskUnexpectedErrors`)
 * turns them into the client's error, and the request's metrics and logs count them by the code
 * they get here (`clientErrorCode`).
 */
export function toClientError(error: unknown): unknown {
  if (error instanceof GraphQLError) return error;
  if (error instanceof InvalidCursorError) return userInputError(error.message, 'after');
  if (error instanceof GraphUnavailableError) {
    return new GraphQLError('The graph database is unavailable; try again shortly.', {
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
  }
  if (error instanceof GraphTimeoutError) {
    return new GraphQLError('The query took too long and was stopped; ask for less.', {
      extensions: { code: 'QUERY_TIMEOUT' },
    });
  }
  return error;
}

/** The code a client is told for `error` (a result's error, before masking), or null for none. */
export function clientErrorCode(error: unknown): string | null {
  const code =
    error instanceof GraphQLError
      ? (error.extensions?.code ?? codeOf(toClientError(error.originalError)))
      : null;
  return typeof code === 'string' ? code : null;
}

function codeOf(error: unknown): unknown {
  return error instanceof GraphQLError ? error.extensions?.code : undefined;
}

/**
 * Yoga's masking, except for the Relay plugin's refusal of a malformed global id, which is the
 * client's mistake: it becomes a BAD_USER_INPUT error instead of "Unexpected error.".
 */
export function maskUnexpectedErrors(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof Error && original.message.startsWith(INVALID_GLOBAL_ID)) {
    const id = original.message.slice(INVALID_GLOBAL_ID.length);
    return new GraphQLError(`Invalid global ID ${quoteInput(id)}`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'id' },
    });
  }
  // An outage or a timeout anywhere (a lookup, a loader) is something the client can act on; it
  // keeps the path of the field it struck, as an error a resolver raises does.
  const mapped = toClientError(original);
  if (mapped instanceof GraphQLError && mapped !== original) {
    if (!(error instanceof GraphQLError)) return mapped;
    return new GraphQLError(mapped.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: mapped.extensions,
    });
  }
  return maskError(error, message, isDev);
}

// As @pothos/plugin-relay words it, followed by the id as given.
const INVALID_GLOBAL_ID = 'Invalid global ID: ';

/** The message a client gets for an error nobody raised on purpose (Yoga's wording). */
const UNEXPECTED_ERROR = 'Unexpected error.';

/**
 * Deeper than any input type of the schema nests (a filter holds lists of scalars): the deepest
 * variables a client has a reason to send. The response cache's key, graphql's coercion and error
 * messages walk variables recursively; 5,000 levels overflowed the stack (a 500).
 */
export const MAX_VARIABLES_DEPTH = 32;

/**
 * At most this many values (list items, object fields, scalars) in a request's variables: about as
 * many as a document within the token limit can hold inline. Coercing a value costs graphql-jit
 * about 16 µs on the event loop, so a list variable of 100,000 items held every other request for
 * 1.6 s; 1,000 cost some 16 ms.
 */
export const MAX_VARIABLE_VALUES = 1_000;

/**
 * At most this many errors in one answer, as graphql-js stops coercing variables after 50: a list
 * variable of 100,000 bad items made 100,000 errors, a 10 MB answer and 21 s of work (3 s now, all
 * of it graphql-jit coercing the variable).
 */
export const MAX_ERRORS = 50;

/** A quoted stretch of a message longer than this is client input graphql quoted back: it is cut. */
const MAX_QUOTED = 80;
/** No message is longer, whatever it quotes. */
export const MAX_MESSAGE_LENGTH = 500;

/** See the file's header. Placed before the response cache and anything else that reads variables. */
export function clientErrorPlugins(): Plugin[] {
  let logger: YogaLogger | undefined;
  return [
    {
      onValidate({ addValidationRule }) {
        addValidationRule(knownOperationTypesRule);
      },
    },
    {
      onParams({ params }) {
        for (const [name, value] of [
          ['variables', params.variables],
          ['extensions', params.extensions],
        ] as const) {
          const problem = variablesProblem(value);
          if (problem === null) continue;
          throw createGraphQLError(
            problem === 'depth'
              ? `The ${name} are nested more than ${MAX_VARIABLES_DEPTH} levels deep`
              : `The ${name} hold more than ${MAX_VARIABLE_VALUES} values`,
            { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } },
          );
        }
      },
    },
    {
      onYogaInit({ yoga }) {
        logger = yoga.logger;
      },
      onResultProcess({ result, setResult }) {
        if (isAsyncIterable(result)) return;
        const answers = Array.isArray(result) ? result : [result];
        if (!answers.some((answer) => answer.errors?.length)) return;
        const fixed = answers.map((answer) =>
          answer.errors?.length
            ? { ...answer, errors: capped(answer.errors).map((error) => forClient(error, logger)) }
            : answer,
        );
        setResult(Array.isArray(result) ? fixed : (fixed[0] ?? result));
      },
    },
  ];
}

/**
 * graphql 16 validates no operation against a root type the schema lacks (17 will): without this,
 * `subscription { x }` reached graphql-jit, which throws on a missing root type (a 500), and
 * `mutation { x }` came back as "Unexpected error.". 400 whatever the Accept header: like a limit,
 * a request this API never answers is not a success.
 */
function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (context.getSchema().getRootType(node.operation)) return;
      context.reportError(
        new GraphQLError(`This API has no ${node.operation}s: it answers queries only`, {
          nodes: node,
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400, spec: false } },
        }),
      );
    },
  };
}

/**
 * What is wrong with a request's variables (or extensions), if anything: nested deeper than
 * `limits.depth` or holding more than `limits.values` values (list items, object fields, scalars,
 * the value itself included). One iterative walk that stops at the first problem, so it costs at
 * most `limits.values` steps whatever the client sent: checking nesting over the whole of a
 * megabyte of variables first held the event loop for 40 ms (npm run probe:hostile).
 */
export function variablesProblem(
  value: unknown,
  limits: { depth: number; values: number } = { depth: MAX_VARIABLES_DEPTH, values: MAX_VARIABLE_VALUES },
): 'depth' | 'values' | null {
  if (value === undefined) return null;
  // Depth first, so that a deep chain is told as such before its length counts against it.
  const pending: [unknown, number][] = [[value, 0]];
  let count = 0;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    count += 1;
    if (count > limits.values) return 'values';
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limits.depth) return 'depth';
    // Never more waiting than it takes to pass the limit (one more than the room left): a list of
    // a million items costs as much as one of `limits.values`, and still counts as too many.
    const room = limits.values - count - pending.length + 1;
    let added = 0;
    if (Array.isArray(item)) {
      for (let index = 0; index < item.length && added < room; index += 1, added += 1)
        pending.push([item[index], depth + 1]);
    } else {
      for (const key in item) {
        if (added >= room) break;
        if (!Object.hasOwn(item, key)) continue;
        pending.push([(item as Record<string, unknown>)[key], depth + 1]);
        added += 1;
      }
    }
  }
  return null;
}

/** The first MAX_ERRORS errors, then one that says how many were left out. */
function capped(errors: readonly unknown[]): unknown[] {
  if (errors.length <= MAX_ERRORS) return [...errors];
  const left = errors.length - (MAX_ERRORS - 1);
  return [
    ...errors.slice(0, MAX_ERRORS - 1),
    new GraphQLError(`${left} more errors were left out`, { extensions: { code: 'TOO_MANY_ERRORS' } }),
  ];
}

/** An error as a client may see it: with a code (masked when it has none) and a bounded message. */
function forClient(error: unknown, logger: YogaLogger | undefined): GraphQLError {
  // graphql-jit's errors are GraphQLErrors whose `extensions` may be missing altogether.
  if (!(error instanceof GraphQLError) || typeof error.extensions?.code !== 'string') {
    logger?.error(error);
    const http = error instanceof GraphQLError ? error.extensions?.http : undefined;
    return new GraphQLError(UNEXPECTED_ERROR, {
      ...(error instanceof GraphQLError
        ? { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path }
        : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', unexpected: true, ...(http ? { http } : {}) },
    });
  }
  const message = boundedMessage(error.message);
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/**
 * graphql's own messages quote client input in full (`Variable "$id" got invalid value "…"`,
 * `Value "…" does not exist in "Kind" enum.`, `Syntax Error: Unexpected Name "…"`): each long
 * quoted stretch is cut as quoteInput cuts ours, keeping the explanation around it; then the whole.
 * A scan rather than a regular expression: a megabyte between two quotes is no work for it.
 */
export function boundedMessage(message: string): string {
  let cut = '';
  let from = 0;
  for (let open = message.indexOf('"'); open >= 0; open = message.indexOf('"', from)) {
    let close = open + 1;
    while (close < message.length && message[close] !== '"') close += message[close] === '\\' ? 2 : 1;
    if (close >= message.length) break;
    const quoted = message.slice(open + 1, close);
    cut += message.slice(from, open);
    cut += quoted.length > MAX_QUOTED ? `"${quoted.slice(0, MAX_ECHOED_INPUT)}…"` : `"${quoted}"`;
    from = close + 1;
  }
  cut += message.slice(from);
  return cut.length > MAX_MESSAGE_LENGTH ? `${cut.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : cut;
}
