import { GraphQLError } from 'graphql';
import { GraphTimeoutError, GraphUnavailableError } from '../graph/executor.ts';
import { InvalidCursorError } from '../graph/paging.ts';

/**
 * Errors clients may act on carry `extensions.code`; everything else stays masked by Yoga as
 * "Unexpected error." (no message, no stack).
 */
export type ErrorCode = 'BAD_USER_INPUT' | 'SERVICE_UNAVAILABLE' | 'QUERY_TIMEOUT' | 'QUERY_TOO_COMPLEX';

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
