import type { GatewayError } from '../errors/gateway-error';
import type { ErrorRenderer } from '../gateway-deps';
import { sseResponse } from './sse-response';
import type { StreamEncoder } from './stream-encoders';
import type { StreamPart } from './stream-part';

export type StreamOutcome = { error: GatewayError | undefined; cancelled: boolean };

export type RespondWithStreamInput = {
  parts: AsyncGenerator<StreamPart>;
  encoder: StreamEncoder;
  headers: Headers;
  renderError: ErrorRenderer;
  upstreamAbort: AbortController;
  /** Sees every event (usage accounting). */
  onEvent?: (part: StreamPart) => void;
  onEnd: (outcome: StreamOutcome) => void;
};

const encoder = new TextEncoder();

/**
 * Reads the first part before committing the 200, so an immediate upstream error (an exception
 * frame, a throttle) becomes a proper HTTP error. After that, a pull-based stream: nothing is read
 * from upstream faster than the caller consumes, and a caller that goes away aborts the upstream.
 */
export async function respondWithStream(input: RespondWithStreamInput): Promise<Response> {
  const { parts, encoder: streamEncoder, upstreamAbort, onEvent, onEnd } = input;
  const first = await parts.next();
  if (!first.done && first.value.type === 'error') {
    // Nothing is committed: answer with a real HTTP error, and stop the upstream body (the
    // connection would otherwise stay busy until the upstream ends it).
    upstreamAbort.abort();
    await parts.return(undefined);
    onEnd({ error: first.value.error, cancelled: false });
    return input.renderError(first.value.error, input.headers);
  }
  let pending: IteratorResult<StreamPart> | undefined = first;
  let finished = false;
  const finish = (outcome: StreamOutcome) => {
    if (finished) return;
    finished = true;
    onEnd(outcome);
  };

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const result: IteratorResult<StreamPart> = pending ?? (await parts.next());
        pending = undefined;
        if (result.done) {
          const tail = streamEncoder.end();
          if (tail) controller.enqueue(encoder.encode(tail));
          controller.close();
          finish({ error: undefined, cancelled: false });
          return;
        }
        const part = result.value;
        onEvent?.(part);
        if (part.type === 'error') {
          controller.enqueue(encoder.encode(streamEncoder.error(part.error)));
          controller.close();
          finish({ error: part.error, cancelled: false });
          return;
        }
        const text = streamEncoder.event(part.event);
        if (text) {
          controller.enqueue(encoder.encode(text));
          return;
        }
      }
    },
    async cancel() {
      upstreamAbort.abort();
      finish({ error: undefined, cancelled: true });
      await parts.return(undefined);
    },
  });
  return sseResponse(body, input.headers);
}
