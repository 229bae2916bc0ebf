import type { UpstreamAnswer } from '../pipeline/call-upstream';
import type { NativeSupport } from '../providers/types';
import type { IncomingCall } from './create-endpoint-handler';

/**
 * The upstream's event stream relayed to the caller frame by frame, pull-based (nothing is read
 * from upstream faster than the caller takes it), usage counted from the frames as they pass.
 * The stream owns the request's accounting and finishes it when it ends, fails or is cancelled.
 */
export function relayNativeStream(
  call: IncomingCall<unknown>,
  answer: UpstreamAnswer,
  native: NativeSupport,
  headers: Headers,
): Response {
  const { accounting } = call;
  const parts = native.relayStream(answer.chunks());
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const result = await parts.next();
      if (result.done) {
        controller.close();
        accounting.finish(200);
        return;
      }
      const part = result.value;
      accounting.markFirstByte();
      if (part.usage) accounting.addUsage(part.usage);
      controller.enqueue(part.bytes);
      if (part.error) {
        controller.close();
        accounting.finish(part.error.status, part.error);
        await parts.return(undefined);
      }
    },
    async cancel() {
      answer.upstreamAbort.abort();
      accounting.finish(200);
      await parts.return(undefined);
    },
  });
  accounting.streamPending = true;
  return new Response(body, { status: 200, headers });
}
