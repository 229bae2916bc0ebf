/**
 * A body as an async iterable of chunks, whether it is a Web `ReadableStream` or already an
 * iterable. Stopping early (a decoder that hit an exception frame or a framing fault) cancels
 * the stream, so the upstream download stops too; an error of the stream propagates unchanged.
 */
export async function* iterateBody(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (!('getReader' in body)) {
    yield* body;
    return;
  }
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
