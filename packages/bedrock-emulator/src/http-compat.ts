import type { ServerResponse } from 'node:http';
import { constants, type Http2ServerResponse } from 'node:http2';

// HTTP/2 responses reach the faces through node's compatibility API, typed as ServerResponse.
// These helpers hide the few places where the two protocols differ.

function http2Stream(response: ServerResponse): Http2ServerResponse['stream'] | undefined {
  return (response as unknown as Partial<Http2ServerResponse>).stream;
}

/** True once the client went away or the response was finished. */
export function isGone(response: ServerResponse): boolean {
  const stream = http2Stream(response);
  if (stream) return stream.destroyed || stream.closed;
  return response.destroyed || response.writableEnded;
}

/** Sends the status line and headers now, before the first body byte. */
export function flushHeaders(response: ServerResponse): void {
  if (!http2Stream(response)) response.flushHeaders();
}

/** reset scenario: a TCP reset on HTTP/1.1, an RST_STREAM (INTERNAL_ERROR) on HTTP/2. */
export function resetConnection(response: ServerResponse): void {
  const stream = http2Stream(response);
  if (stream) stream.close(constants.NGHTTP2_INTERNAL_ERROR);
  else response.socket?.destroy();
}
