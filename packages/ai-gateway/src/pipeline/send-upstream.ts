import { clientClosedError, GatewayError, isGatewayError } from '../errors/gateway-error';
import type { GatewayLimits, UpstreamFetch } from '../gateway-deps';
import type { AuthorizeContext, Provider, UpstreamHttpRequest } from '../providers/types';
import { authorizeUpstreamRequest } from '../providers/upstream-request';

export type SendUpstreamInput = {
  request: UpstreamHttpRequest;
  provider: Provider;
  context: AuthorizeContext;
  /** Aborted when the caller goes away or a timeout fires; owned by the request's lifetime. */
  upstreamAbort: AbortController;
  fetch: UpstreamFetch;
  limits: GatewayLimits;
  checkUrl: ((url: URL) => void) | undefined;
  sleep: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
  label: string;
  /** Told about every attempt as it starts; the returned function when it ends (observability). */
  onAttempt?: (attempt: number) => ((outcome: { status: number; error?: GatewayError }) => void) | undefined;
};

export type UpstreamResult = { response: Response; attempts: number };

const RETRYABLE_STATUSES = new Set([429, 503]);
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Sends the request, authorising each attempt afresh (a retry never replays a stale signature).
 * Retries 429/503 and connection failures with jittered exponential backoff, honouring
 * `retry-after` up to `maxRetryAfterMs`. All of this happens before any byte reaches the caller.
 * Resolves with a 2xx response; throws a GatewayError otherwise.
 */
export async function sendUpstream(input: SendUpstreamInput): Promise<UpstreamResult> {
  const { limits, upstreamAbort } = input;
  for (let attempt = 1; ; attempt++) {
    const signed = await authorizeUpstreamRequest(input.request, input.provider, input.context);
    input.checkUrl?.(new URL(signed.url));
    const attemptEnded = input.onAttempt?.(attempt);
    let failure: GatewayError;
    try {
      const response = await fetchWithFirstByteTimeout(input, signed);
      if (response.ok) {
        attemptEnded?.({ status: response.status });
        return { response, attempts: attempt };
      }
      const bodyText = await readBoundedText(response);
      failure = input.provider.mapHttpError(response.status, response.headers, bodyText, {
        ...input.context,
        label: input.label,
      });
      attemptEnded?.({ status: response.status, error: failure });
      if (!RETRYABLE_STATUSES.has(response.status)) throw failure;
    } catch (error) {
      if (upstreamAbort.signal.aborted) {
        const reason = abortReason(upstreamAbort.signal, input.label);
        attemptEnded?.({ status: reason.status, error: reason });
        throw reason;
      }
      if (isGatewayError(error)) throw error;
      failure = new GatewayError({
        code: 'upstream_unreachable',
        status: 502,
        retryable: true,
        message: `Could not reach the upstream of "${input.label}": ${connectionErrorName(error)}.`,
        cause: error,
      });
      attemptEnded?.({ status: failure.status, error: failure });
    }
    const delay = retryDelay(failure, attempt, limits, input.random);
    if (attempt > limits.maxRetries || delay === undefined) throw failure;
    await input.sleep(delay, upstreamAbort.signal);
    if (upstreamAbort.signal.aborted) throw abortReason(upstreamAbort.signal, input.label);
  }
}

async function fetchWithFirstByteTimeout(input: SendUpstreamInput, request: UpstreamHttpRequest) {
  const timer = setTimeout(
    () => input.upstreamAbort.abort(new UpstreamTimeout('first-byte')),
    input.limits.firstByteTimeoutMs,
  );
  try {
    return await input.fetch(request, input.upstreamAbort.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** Marks an abort caused by one of the gateway's own timeouts (not by the caller). */
export class UpstreamTimeout extends Error {
  constructor(readonly kind: 'first-byte' | 'idle') {
    super(`upstream ${kind} timeout`);
  }
}

export function abortReason(signal: AbortSignal, label: string): GatewayError {
  if (signal.reason instanceof UpstreamTimeout) {
    return new GatewayError({
      code: 'upstream_timeout',
      status: 504,
      message:
        signal.reason.kind === 'first-byte'
          ? `The upstream of "${label}" did not answer in time.`
          : `The upstream of "${label}" stopped sending data.`,
    });
  }
  return clientClosedError();
}

function retryDelay(
  failure: GatewayError,
  attempt: number,
  limits: GatewayLimits,
  random: () => number,
): number | undefined {
  if (!failure.retryable) return undefined;
  if (failure.retryAfterSeconds !== undefined) {
    const requested = failure.retryAfterSeconds * 1000;
    return requested > limits.maxRetryAfterMs ? undefined : requested;
  }
  // Full jitter: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
  return Math.round(random() * limits.retryBaseDelayMs * 2 ** (attempt - 1));
}

async function readBoundedText(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < MAX_ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } catch {
    // A body cut short still leaves the status to map.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `ECONNREFUSED`, `ECONNRESET`, … without the address or anything else from the message. */
function connectionErrorName(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = (error as { code?: unknown } | undefined)?.code ?? cause?.code;
  return typeof code === 'string' ? code : 'connection failed';
}
