import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminApi } from '../admin/admin-api';
import type { Runtime } from '../runtime';
import { createGatewayRouter } from './gateway-router';
import { sendWebResponse, toWebRequest } from './node-request-adapter';

export type Fallback = (incoming: IncomingMessage, outgoing: ServerResponse) => void | Promise<void>;

/**
 * A node:http server answering the gateway and admin API straight from the core. Every other path
 * goes to `fallback` (Next's request handler in the custom server), or 404 in standalone mode.
 */
export async function serveHttp(options: {
  runtime: Runtime;
  port: number;
  host?: string;
  fallback?: Fallback;
}): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const route = createGatewayRouter(options.runtime, createAdminApi(options.runtime));
  const host = options.host ?? '127.0.0.1';
  const server = createServer(async (incoming, outgoing) => {
    try {
      const origin = `http://${incoming.headers.host ?? `${host}:${options.port}`}`;
      const path = incoming.url ?? '/';
      const owned = path.startsWith('/api/');
      if (!owned && options.fallback) return await options.fallback(incoming, outgoing);
      const request = toWebRequest(incoming, origin);
      const response = await route(request);
      if (response === undefined) {
        if (options.fallback) return await options.fallback(incoming, outgoing);
        return sendWebResponse(
          Response.json({ error: { message: 'Not found.' } }, { status: 404 }),
          outgoing,
        );
      }
      await sendWebResponse(response, outgoing);
    } catch (error) {
      options.runtime.logger.error({ err: (error as Error).message }, 'unhandled server error');
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'application/json' });
      outgoing.end('{"error":{"message":"Internal server error."}}');
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
