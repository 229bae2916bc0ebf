/** A 200 SSE response: no caching, no transformation, no proxy buffering (nginx `x-accel-buffering`). */
export function sseResponse(body: ReadableStream<Uint8Array>, baseHeaders: Headers): Response {
  const headers = new Headers(baseHeaders);
  headers.set('content-type', 'text/event-stream; charset=utf-8');
  headers.set('cache-control', 'no-cache, no-transform');
  headers.set('x-accel-buffering', 'no');
  return new Response(body, { status: 200, headers });
}
