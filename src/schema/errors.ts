import { inspect } from 'node:util';
import { GraphQLError } from 'graphql';

/**
 * Errors clients may act on carry `extensions.code`; everything else stays masked by Yoga as
 * "Unexpected error." (no message, no stack). Resolvers throw `userInputError`s; what the graph
 * layer throws (an outage, a timeout) is mapped once, for every resolver, by `toClientError` in
 * src/client-errors.ts.
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
