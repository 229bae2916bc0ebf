import { createServer, type Socket, connect as tcpConnect } from 'node:net';

export type FreezableProxy = {
  /** `postgres://...` pointing at the proxy instead of the server. */
  url: string;
  /**
   * Makes the matching open connections half-open: bytes stop flowing both ways but no FIN or RST
   * is sent (what a NAT or firewall that forgot the flow does). New connections still work.
   */
  freeze(match: (startup: string) => boolean): number;
  close(): Promise<void>;
};

/**
 * A TCP proxy in front of Postgres for failure tests. Each connection remembers its first client
 * packet (the startup message, which names `application_name`), so a test can freeze one kind of
 * connection (e.g. the LISTEN connection) and leave the pool alone.
 */
export async function startFreezableProxy(databaseUrl: string): Promise<FreezableProxy> {
  const target = new URL(databaseUrl);
  const connections: { client: Socket; server: Socket; startup: string; frozen: boolean }[] = [];
  const proxy = createServer((client) => {
    const server = tcpConnect(Number(target.port || 5432), target.hostname);
    const entry = { client, server, startup: '', frozen: false };
    connections.push(entry);
    client.on('data', (bytes) => {
      if (entry.startup === '') entry.startup = bytes.toString('latin1');
      if (!entry.frozen) server.write(bytes);
    });
    server.on('data', (bytes) => {
      if (!entry.frozen) client.write(bytes);
    });
    const end = () => {
      client.destroy();
      server.destroy();
    };
    client.on('error', end);
    server.on('error', end);
    client.on('close', () => {
      if (!entry.frozen) server.destroy();
    });
    server.on('close', () => {
      if (!entry.frozen) client.destroy();
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address() as { port: number };
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    freeze(match) {
      let count = 0;
      for (const entry of connections) {
        if (!entry.frozen && !entry.client.destroyed && match(entry.startup)) {
          entry.frozen = true;
          count++;
        }
      }
      return count;
    },
    async close() {
      for (const entry of connections) {
        entry.client.destroy();
        entry.server.destroy();
      }
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
