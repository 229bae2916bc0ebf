import { GatewayError } from '../errors/gateway-error';
import { readTextUpTo } from '../streams/read-text-up-to';
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

/** The default cap on a whole (non-streaming) upstream body (issue 17 #6); embeddings can be large. */
export const DEFAULT_MAX_UPSTREAM_BODY_BYTES = 32 * 1024 * 1024;

/**
 * A whole non-streaming body, at most `maxBytes` (a 502 past it: a hostile or broken upstream
 * cannot make the gateway buffer without bound). With a content-length within the cap it is one
 * native read; without one it is counted as it arrives. The answer's wait is before the headers
 * (the first-byte timeout); the body itself must then arrive within one idle timeout.
 */
export async function readWholeBody(
  response: Response,
  upstreamAbort: AbortController,
  idleTimeoutMs: number,
  label: string,
  maxBytes = DEFAULT_MAX_UPSTREAM_BODY_BYTES,
): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    upstreamAbort.abort();
    response.body?.cancel().catch(() => undefined);
    throw bodyTooLarge(label, maxBytes);
  }
  const timer = setTimeout(() => upstreamAbort.abort(new UpstreamTimeout('idle')), idleTimeoutMs);
  try {
    if (Number.isFinite(declared) || response.body === null) return await response.text();
    return await readCounted(response.body, maxBytes, label, upstreamAbort);
  } catch (error) {
    if (error instanceof GatewayError && error.code === 'upstream_error') throw error;
    throw bodyFailure(error, upstreamAbort, label);
  } finally {
    clearTimeout(timer);
  }
}

async function readCounted(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  label: string,
  upstreamAbort: AbortController,
): Promise<string> {
  const { text, overLimit } = await readTextUpTo(body, maxBytes);
  if (overLimit) {
    upstreamAbort.abort();
    overLimit.cancel().catch(() => undefined);
    throw bodyTooLarge(label, maxBytes);
  }
  return text;
}

function bodyTooLarge(label: string, maxBytes: number): GatewayError {
  return new GatewayError({
    code: 'upstream_error',
    status: 502,
    message: `The upstream of "${label}" answered with a body larger than ${maxBytes} bytes.`,
  });
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
