import type { GatewayError } from '../errors/gateway-error';

/** What a peeked stream decodes into: chat pivot parts, or relayed Responses events. */
export type PeekablePart = { type: 'event' } | { type: 'error'; error: GatewayError };

export type PeekedStream = {
  /** The first part's error, when the stream opens with one (a throttle in the first frame). */
  firstError: GatewayError | undefined;
  /** The body's chunks from the start, the ones read to peek included (call once). */
  chunks(): AsyncGenerator<Uint8Array>;
};

/**
 * Reads a streamed answer just far enough to decode its first part, keeping every chunk read, so
 * a stream that opens with an exception frame can still fail over before anything is committed,
 * and one that opens well is handed on byte for byte (relayed, or decoded again from the start).
 */
export async function peekStream(
  source: AsyncGenerator<Uint8Array>,
  decode: (chunks: AsyncIterable<Uint8Array>) => AsyncGenerator<PeekablePart>,
): Promise<PeekedStream> {
  const read: Uint8Array[] = [];
  let sourceDone = false;
  let sourceError: { error: unknown } | undefined;
  // An iterable over the source that records what it reads and never closes it: the decoder's
  // clean-up when we stop it after one part must leave the rest of the body to the real reader.
  const recording: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        let result: IteratorResult<Uint8Array>;
        try {
          result = await source.next();
        } catch (error) {
          sourceError = { error };
          throw error;
        }
        if (result.done) sourceDone = true;
        else read.push(result.value);
        return result;
      },
      return: async () => ({ done: true, value: undefined }),
    }),
  };
  const decoder = decode(recording);
  let firstError: GatewayError | undefined;
  try {
    const first = await decoder.next();
    if (!first.done && first.value.type === 'error') firstError = first.value.error;
  } catch {
    // Decoders let reading faults through; the caller meets it again when it reads on (below).
  } finally {
    await decoder.return(undefined).catch(() => undefined);
  }
  return {
    firstError,
    async *chunks() {
      yield* read;
      if (sourceError !== undefined) throw sourceError.error;
      if (!sourceDone) yield* source;
    },
  };
}
