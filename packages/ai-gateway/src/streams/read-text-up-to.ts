export type TextUpTo = {
  /** The UTF-8 text read (all of it, or what came before the limit was passed). */
  text: string;
  /** Set when the body went past `maxBytes`: the reader, still locked, for the caller to cancel or release. */
  overLimit: ReadableStreamDefaultReader<Uint8Array> | undefined;
};

/**
 * The one counted body reader (caller bodies without a content-length, upstream answers, upstream
 * error texts): reads to the end, or stops as soon as more than `maxBytes` arrived. What to do
 * then differs by caller (a 413 without destroying the socket, a 502 that aborts the upstream, an
 * error text simply cut), so it is left to them.
 */
export async function readTextUpTo(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<TextUpTo> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    if (total > maxBytes) return { text: Buffer.concat(chunks).toString('utf8'), overLimit: reader };
  }
  return { text: Buffer.concat(chunks).toString('utf8'), overLimit: undefined };
}
