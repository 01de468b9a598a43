import { createServer, type RequestListener, type Server } from 'node:http';
import type { Config } from './config.ts';

/**
 * The node:http server main.ts listens with, apart so a test can start it on an ephemeral port.
 *
 * node:http's defaults give a client 60 s to send its headers and 300 s to send its body, and it
 * looks for late clients only every 30 s: a few slow clients could hold connections (and a
 * request's body buffers) for minutes. The timeouts here cover receiving the request only; a long
 * answer (an export streaming to a slow reader) is not cut off by them.
 */
export function createHttpServer(handler: RequestListener, timeouts: Config['server']['timeouts']): Server {
  return createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // How often node:http checks the two timeouts above: a late client is cut off at most this
      // long after its time is up (node's default, 30 s, would dwarf a 10 s headers timeout).
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
    handler,
  );
}
