import type { Plugin } from 'graphql-yoga';
import { graphiqlContentSecurityPolicy } from './explore/graphiql.ts';

/**
 * Headers on every answer the app gives, whichever plugin made it (GraphQL, GraphiQL, /health,
 * /ready, /metrics, exports, the explorer page, admin), unless that plugin chose its own:
 *
 * - `X-Content-Type-Options: nosniff`: a browser takes each answer as the type it says it is.
 * - `Cache-Control`: `no-cache` on a GraphQL GET answer the response cache keeps (it carries an
 *   ETag): a browser or proxy may keep it, but asks again each time, and `If-None-Match` gets a 304
 *   while the server's cache still holds the same answer. Staleness is thus decided where the
 *   response cache decides it (its ttl, the day, the graph's generation, which an import bumps);
 *   a `max-age` would let copies outlive an import. Everything else is `no-store`: POST answers,
 *   answers with errors (never cached), readiness, metrics, the GraphiQL page.
 * - The GraphiQL page gets a Content-Security-Policy allowing exactly what it loads
 *   (explore/graphiql.ts); the explorer page sets its own (explore/serve.ts).
 */
export function httpHeadersPlugin({ graphqlEndpoint }: { graphqlEndpoint: string }): Plugin {
  return {
    async onResponse({ request, response, setResponse, fetchAPI }) {
      const added: Record<string, string> = {};
      if (!response.headers.has('x-content-type-options')) added['x-content-type-options'] = 'nosniff';
      const revalidate =
        request.method === 'GET' &&
        (response.status === 200 || response.status === 304) &&
        response.headers.has('etag');
      if (!response.headers.has('cache-control'))
        added['cache-control'] = revalidate ? 'no-cache' : 'no-store';
      // The same URL answers JSON or multipart by Accept, and the ETag does not tell them apart.
      if (revalidate) added.vary = [response.headers.get('vary'), 'Accept'].filter(Boolean).join(', ');

      const copy = (body: BodyInit | null) => {
        const headers = new fetchAPI.Headers(response.headers);
        for (const [name, value] of Object.entries(added)) headers.set(name, value);
        return new fetchAPI.Response(body, { status: response.status, headers });
      };
      const isGraphiQL =
        request.method === 'GET' &&
        new URL(request.url).pathname === graphqlEndpoint &&
        response.headers.get('content-type')?.startsWith('text/html') === true;
      if (isGraphiQL) {
        // Yoga renders the page as a string, so reading it back costs next to nothing; the policy
        // holds hashes of its inline scripts, which embed the page's options.
        const page = await response.text();
        added['content-security-policy'] = graphiqlContentSecurityPolicy(page);
        setResponse(copy(page));
        return;
      }
      try {
        for (const [name, value] of Object.entries(added)) response.headers.set(name, value);
      } catch {
        // Immutable headers (Response.error(), a fetched response): answer with a copy instead.
        setResponse(copy(response.body));
      }
    },
  };
}
