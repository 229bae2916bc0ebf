import { iterateBody } from './iterate-body';

/**
 * A synchronous decoder fed one received chunk at a time: what each chunk completes, then what the
 * end of the body completes. Its parts end at the first `error` part.
 */
export type ChunkDecoder<Part extends { type: string }> = {
  push(chunk: Uint8Array): readonly Part[];
  end(): readonly Part[];
};

/**
 * Runs a synchronous decoder over a body: one asynchronous step per received chunk, however many
 * parts (frames, events) it holds. Layering one async generator per decoding stage cost a promise
 * and a microtask per part per stage, most of the time spent on a stream of small events
 * (issue 18, bench/micro.ts). Ends after the first `error` part (stopping early cancels the body,
 * see iterateBody); an error of the body itself propagates unchanged.
 */
export async function* decodeChunks<Part extends { type: string }>(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  decoder: ChunkDecoder<Part>,
): AsyncGenerator<Part> {
  const chunks = 'getReader' in body ? iterateBody(body) : body;
  for await (const chunk of chunks) {
    for (const part of decoder.push(chunk)) {
      yield part;
      if (part.type === 'error') return;
    }
  }
  for (const part of decoder.end()) {
    yield part;
    if (part.type === 'error') return;
  }
}
