import { GatewayError } from '../errors/gateway-error';
import { abortReason, UpstreamTimeout } from './send-upstream';

/**
 * The upstream body as chunks, with the idle timeout applied between reads: a stream may run as
 * long as it keeps sending (no total-duration cap), but a silent one is aborted. A reset or an
 * abort surfaces as a GatewayError, so the caller's format can report it.
 */
export async function* readBodyChunks(
  response: Response,
  upstreamAbort: AbortController,
  idleTimeoutMs: number,
  label: string,
): AsyncGenerator<Uint8Array> {
  if (response.body === null) return;
  const reader = response.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    for (;;) {
      timer = setTimeout(() => upstreamAbort.abort(new UpstreamTimeout('idle')), idleTimeoutMs);
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        throw bodyFailure(error, upstreamAbort, label);
      } finally {
        clearTimeout(timer);
      }
      if (result.done) return;
      yield result.value;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/**
 * A whole non-streaming body in one native read. The answer's wait is before the headers (the
 * first-byte timeout); the body itself must then arrive within one idle timeout.
 */
export async function readWholeBody(
  response: Response,
  upstreamAbort: AbortController,
  idleTimeoutMs: number,
  label: string,
): Promise<string> {
  const timer = setTimeout(() => upstreamAbort.abort(new UpstreamTimeout('idle')), idleTimeoutMs);
  try {
    return await response.text();
  } catch (error) {
    throw bodyFailure(error, upstreamAbort, label);
  } finally {
    clearTimeout(timer);
  }
}

/** Why a body read failed: one of the gateway's own timeouts or the caller leaving, else a broken connection. */
function bodyFailure(error: unknown, upstreamAbort: AbortController, label: string): GatewayError {
  if (upstreamAbort.signal.aborted) return abortReason(upstreamAbort.signal, label);
  return new GatewayError({
    code: 'upstream_stream_error',
    status: 502,
    message: `The connection to the upstream of "${label}" broke mid-response.`,
    cause: error,
  });
}
