import type { ErrorRenderer } from '../gateway-deps';
import type { UpstreamAnswer } from '../pipeline/call-upstream';
import { respondWithStream } from '../pipeline/respond-with-stream';
import type { StreamEncoder } from '../pipeline/stream-encoders';
import type { StreamPart } from '../pipeline/stream-part';
import { createUsageAccumulator } from '../translate/create-usage-accumulator';
import type { IncomingCall } from './create-endpoint-handler';

/**
 * Pivot parts re-encoded for the caller, usage counted as they pass. The first part is read
 * before the 200 is committed (an immediate upstream error is a real HTTP error); after that the
 * stream owns the request's accounting and finishes it when it ends, fails or is cancelled.
 */
export async function streamToCaller(
  call: IncomingCall<unknown>,
  answer: UpstreamAnswer,
  encoder: StreamEncoder,
  renderError: ErrorRenderer,
  parts: AsyncGenerator<StreamPart> = answer.events(),
): Promise<Response> {
  const { accounting } = call;
  const usage = createUsageAccumulator();
  const response = await respondWithStream({
    parts,
    encoder,
    headers: call.headers,
    renderError,
    upstreamAbort: answer.upstreamAbort,
    onEvent: (part) => {
      accounting.markFirstByte();
      if (part.type === 'event') {
        usage.push(part.event);
        accounting.addUsage(usage.current());
        if (part.event.type === 'message_delta') accounting.setFinishReason(part.event.delta.stop_reason);
      }
    },
    onEnd: (outcome) => accounting.finishStream(outcome),
  });
  // Committed as a stream: its end (not this return) finishes the accounting.
  if (response.status === 200) accounting.streamPending = true;
  return response;
}
