import net from 'node:net';

/**
 * A loopback TCP proxy in front of a real Neo4j that a test can cut and restore, to show how the
 * service behaves while the database is unreachable without stopping the shared Neo4j.
 * While cut, it accepts and immediately resets connections, as a host with the port closed would.
 */
export interface TcpProxy {
  port: number;
  connect(): void;
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(
  target: { host: string; port: number },
  connected = false,
): Promise<TcpProxy> {
  let open = connected;
  const live = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (!open) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    live.add(client);
    live.add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      live.delete(client);
      live.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    connect: () => {
      open = true;
    },
    cut: () => {
      open = false;
      for (const socket of live) socket.destroy();
      live.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of live) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** host and port of a bolt:// or neo4j:// URI. */
export function hostAndPort(uri: string): { host: string; port: number } {
  const url = new URL(uri.replace(/^[a-z+]+:\/\//, 'http://'));
  return { host: url.hostname, port: Number(url.port || 7687) };
}
