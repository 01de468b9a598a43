import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export const REQUEST_ID_HEADER = 'x-request-id';

// What a proxy or a client may hand us and we pass on: ids end up in log lines and response headers,
// so anything longer, or with spaces, quotes or control characters, is replaced rather than trusted.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when it is a sane token, else a fresh UUID. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given !== null && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Answers every request with its id in `x-request-id` (the caller's, when sane), the id its log
 * lines carry. `idOf` is the request tracker's (requests.ts), which gave the request its id.
 */
export function requestIdPlugin<TContext extends Record<string, unknown>>(
  idOf: (request: Request) => string,
): Plugin<TContext> {
  return {
    onResponse({ request, response, setResponse, fetchAPI }) {
      const id = idOf(request);
      try {
        response.headers.set(REQUEST_ID_HEADER, id);
      } catch {
        // Immutable headers (Response.error(), a fetched response): answer with a copy instead.
        const headers = new fetchAPI.Headers(response.headers);
        headers.set(REQUEST_ID_HEADER, id);
        setResponse(
          new fetchAPI.Response(response.body, {
            status: response.status,
            statusText: response.statusText,
            headers,
          }),
        );
      }
    },
  };
}
