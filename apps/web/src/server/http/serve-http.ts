import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminApi } from '../admin/admin-api';
import type { Runtime } from '../runtime';
import { sendWebResponse, toWebRequest } from './node-request-adapter';
import { createRouter, isRouterPath } from './router';

export type Fallback = (incoming: IncomingMessage, outgoing: ServerResponse) => void | Promise<void>;

export type ServeHttpOptions = {
  runtime: Runtime;
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Every path the core does not own (Next's request handler in the custom server); else 404. */
  fallback?: Fallback;
};

/**
 * A node:http server answering the gateway and admin API straight from the core. Every other path
 * goes to `fallback` (Next's request handler in the custom server), or 404 in standalone mode.
 */
export async function serveHttp(
  options: ServeHttpOptions,
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const router = createRouter(options.runtime, createAdminApi(options.runtime));
  const host = options.host ?? '127.0.0.1';
  // The Host header is not trusted to build URLs: the core routes on the path only.
  const origin = `http://${host.includes(':') ? `[${host}]` : host}`;
  const server = createServer(async (incoming, outgoing) => {
    try {
      // Decided on the raw path, before anything reads the body: the fallback gets it untouched.
      if (options.fallback && !isRouterPath(incoming.url ?? '/')) {
        return await options.fallback(incoming, outgoing);
      }
      const response =
        (await router.route(toWebRequest(incoming, outgoing, origin))) ??
        Response.json({ error: { message: 'Not found.' } }, { status: 404 });
      // Answered before the request body was read to its end (a 413, say): close the connection
      // instead of leaving the client's unread upload on a keep-alive socket.
      if (!incoming.complete) outgoing.shouldKeepAlive = false;
      await sendWebResponse(response, outgoing);
    } catch (error) {
      options.runtime.logger.error({ err: (error as Error).message }, 'unhandled server error');
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'application/json' });
      outgoing.end('{"error":{"message":"Internal server error."}}');
    }
  });
  // Longer than the usual load balancer idle timeout (60 s), so the balancer closes first.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  const address = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    server,
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
