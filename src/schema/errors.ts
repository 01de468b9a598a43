import { inspect } from 'node:util';
import { GraphQLError } from 'graphql';
import { InvalidCursorError } from '../graph/paging.ts';
import { GraphTimeoutError, GraphUnavailableError } from '../neo4j/executor.ts';

/**
 * Errors clients may act on carry `extensions.code`; everything else stays masked by Yoga as
 * "Unexpected error." (no message, no stack).
 */
export type ErrorCode = 'BAD_USER_INPUT' | 'SERVICE_UNAVAILABLE' | 'QUERY_TIMEOUT' | 'QUERY_TOO_COMPLEX';

/** How much of a client's input an error message quotes back at most. */
export const MAX_ECHOED_INPUT = 60;

/**
 * Client input quoted in an error message: JSON-quoted (so quotes and control characters cannot
 * break the message up) and cut to MAX_ECHOED_INPUT characters, so that a megabyte id does not come
 * back as a megabyte error. Every message that echoes input goes through this.
 */
export function quoteInput(input: unknown): string {
  // inspect, not JSON.stringify: bounded in depth and width whatever the client nested.
  const text =
    typeof input === 'string'
      ? input
      : inspect(input, {
          depth: 2,
          maxArrayLength: 5,
          maxStringLength: MAX_ECHOED_INPUT,
          breakLength: Infinity,
        });
  return JSON.stringify(text.length > MAX_ECHOED_INPUT ? `${text.slice(0, MAX_ECHOED_INPUT)}…` : text);
}

export function userInputError(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argument } : {}) },
  });
}

/** Maps what the graph layer throws to errors a client can act on; anything else is rethrown. */
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
