import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A loopback HTTP server that serves the files under `root` (GET /a/b → <root>/a/b, else 404), for tests
 * of code that downloads: no request leaves the machine. It records every request path, and `intercept`
 * may answer (or break) a request itself, or wait and return false to let the file be served.
 */
export interface StaticServer {
  baseUrl: string;
  /** Decoded paths of every request received, in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

export type Intercept = (
  request: IncomingMessage,
  response: ServerResponse,
  requestPath: string,
) => boolean | Promise<boolean>;

export async function startStaticServer(root: string, intercept?: Intercept): Promise<StaticServer> {
  const base = path.resolve(root);
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const requestPath = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requests.push(requestPath);
    void (async () => {
      if (intercept && (await intercept(request, response, requestPath))) return;
      const file = path.resolve(base, `.${requestPath}`);
      if (request.method !== 'GET' || !file.startsWith(base + path.sep)) {
        response.writeHead(request.method === 'GET' ? 404 : 405).end();
        return;
      }
      try {
        const body = await readFile(file);
        response.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': body.length,
        });
        response.end(body);
      } catch {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
