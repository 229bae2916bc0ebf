import { createServer, type Server, Socket } from 'node:net';

export type TcpProxy = {
  port: number;
  /** Client-side connections currently open. */
  openConnections(): number;
  /** Resolves once every client-side connection is closed; rejects after `timeoutMs`. */
  waitUntilAllClosed(timeoutMs: number): Promise<void>;
  /** Resolves once at least `count` connections were accepted. */
  waitForConnections(count: number, timeoutMs: number): Promise<void>;
  acceptedConnections(): number;
  /** Drops every open connection and refuses (resets) new ones until `restore()`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
};

/**
 * A TCP pass-through on 127.0.0.1 that the test controls: it shows when the gateway closes an
 * upstream connection (an abort reaching the socket), and it can cut a database off and bring it
 * back without touching the shared Postgres server.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let accepted = 0;
  let isCut = false;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  const server: Server = createServer((client) => {
    if (isCut) {
      client.resetAndDestroy();
      return;
    }
    accepted++;
    const upstream = new Socket();
    const pair = { client, upstream };
    pairs.add(pair);
    upstream.connect(target.port, target.host);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      if (pairs.delete(pair)) notify();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
    notify();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  const waitFor = (condition: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (condition()) return resolve();
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what} did not happen within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
    });

  return {
    port,
    openConnections: () => pairs.size,
    acceptedConnections: () => accepted,
    waitUntilAllClosed: (timeoutMs) =>
      waitFor(() => pairs.size === 0, timeoutMs, 'closing every proxied connection'),
    waitForConnections: (count, timeoutMs) =>
      waitFor(() => accepted >= count, timeoutMs, `${count} proxied connections`),
    cut() {
      isCut = true;
      for (const pair of pairs) {
        pair.client.resetAndDestroy();
        pair.upstream.destroy();
      }
    },
    restore() {
      isCut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
