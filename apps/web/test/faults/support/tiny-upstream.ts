import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type SeenRequest = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

export type TinyUpstream = {
  url: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
};

/**
 * A hand-written upstream on 127.0.0.1 for answers the emulator does not give: redirects, garbage
 * bodies, HTML error pages, error bodies that quote a key.
 */
export async function startTinyUpstream(
  answer: (request: SeenRequest, response: ServerResponse) => void,
  port = 0,
): Promise<TinyUpstream> {
  const requests: SeenRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const seen = {
      method: incoming.method ?? '',
      url: incoming.url ?? '',
      headers: incoming.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(seen);
    answer(seen, response);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const listening = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${listening}`,
    port: listening,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nobody listens on right now (for allow-list entries that must name the emulator's port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
