import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';

export type RequestListener = (incoming: IncomingMessage, response: ServerResponse) => void;

export type DualProtocolServer = {
  server: Server;
  /** Closes the listener and every open connection (hanging and streaming requests included). */
  close(): Promise<void>;
};

const HTTP2_PREFACE_START = 'PRI ';

/**
 * One port, two protocols: HTTP/1.1 (fetch, undici) and cleartext HTTP/2 with prior knowledge, which is
 * what `@aws-sdk/client-bedrock-runtime` (NodeHttp2Handler) speaks to an `http://` endpoint. The first
 * bytes of each connection decide; HTTP/2 requests use node's compatibility API, so the faces see the
 * same request/response objects.
 */
export function createDualProtocolServer(listener: RequestListener): DualProtocolServer {
  const http1 = createHttp1Server(listener);
  const http2 = createHttp2Server(listener as unknown as Parameters<typeof createHttp2Server>[0]);
  const sockets = new Set<Socket>();

  const server = createTcpServer((socket) => {
    sockets.add(socket);
    // A client that resets before its first byte must not crash the emulator.
    socket.on('error', () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (firstChunk: Buffer) => {
      socket.pause();
      socket.unshift(firstChunk);
      const isHttp2 = firstChunk.subarray(0, 4).toString('latin1') === HTTP2_PREFACE_START;
      (isHttp2 ? http2 : http1).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });

  return {
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}
