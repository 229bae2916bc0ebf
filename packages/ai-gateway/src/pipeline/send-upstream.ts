import { clientClosedError, GatewayError, isGatewayError } from '../errors/gateway-error';
import { parseRetryAfter } from '../errors/parse-retry-after';
import type { GatewayLimits, UpstreamFetch } from '../gateway-deps';
import type { AuthorizeContext, Provider, UpstreamHttpRequest } from '../providers/types';
import { authorizeUpstreamRequest } from '../providers/upstream-request';
import { readTextUpTo } from '../streams/read-text-up-to';

export type SendAttemptInput = {
  request: UpstreamHttpRequest;
  provider: Provider;
  context: AuthorizeContext;
  /** This attempt's controller: aborted by the caller leaving or by this attempt's first-byte timeout. */
  attemptAbort: AbortController;
  fetch: UpstreamFetch;
  limits: GatewayLimits;
  checkUrl: ((url: URL) => void) | undefined;
  label: string;
};

/** Statuses worth the same upstream again after a pause (quota and overload clear with time). */
const RETRY_SAME_STATUSES = new Set([429, 503]);
/** Failures that say "this upstream, now" rather than "this request": another target may answer. */
const FAILOVER_CODES = new Set([
  'upstream_rate_limited',
  'upstream_unavailable',
  'upstream_timeout',
  'upstream_unreachable',
]);
/** Codes that are the request's or the configuration's fault whatever the HTTP status said. */
const NEVER_FAILOVER_CODES = new Set([
  'client_closed',
  'upstream_auth_failed',
  'upstream_bad_request',
  'upstream_not_found',
]);
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * One attempt at one upstream: authorised afresh (a retry never replays a stale signature, and a
 * failover is signed with the next target's own credentials), checked against the SSRF policy,
 * sent with the first-byte timeout. A 2xx response, or the failure as the caller would see it with
 * the upstream's own `retry-after` (the mapped error may carry a default instead). Throws only
 * for what is not the upstream's doing (auth resolution, SSRF policy).
 */
export async function sendAttempt(input: SendAttemptInput): Promise<AttemptResult> {
  const { attemptAbort } = input;
  const signed = await authorizeUpstreamRequest(input.request, input.provider, input.context);
  input.checkUrl?.(new URL(signed.url));
  try {
    const response = await fetchWithFirstByteTimeout(input, signed);
    if (response.ok) return { ok: true, response };
    const bodyText = await readBoundedText(response);
    const failure = input.provider.mapHttpError(response.status, response.headers, bodyText, {
      ...input.context,
      label: input.label,
    });
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
    return {
      ok: false,
      failure,
      upstreamStatus: response.status,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterMs: retryAfterSeconds * 1000 }),
    };
  } catch (error) {
    if (attemptAbort.signal.aborted)
      return { ok: false, failure: abortReason(attemptAbort.signal, input.label) };
    if (isGatewayError(error)) return { ok: false, failure: error };
    const failure = new GatewayError({
      code: 'upstream_unreachable',
      status: 502,
      retryable: true,
      message: `Could not reach the upstream of "${input.label}": ${connectionErrorName(error)}.`,
      cause: error,
    });
    return { ok: false, failure };
  }
}

export type AttemptResult =
  | { ok: true; response: Response }
  | { ok: false; failure: GatewayError; upstreamStatus?: number; retryAfterMs?: number };

/**
 * A failure another target may not share: throttling, overload, timeouts, connection errors and
 * any 5xx from the upstream (`upstreamStatus`, before mapping). Never the request's own fault (400,
 * 404, content filters) nor an upstream 401/403, which would fail the same way everywhere it is
 * configured wrong and is for an admin to see.
 */
export function canFailOver(failure: GatewayError, upstreamStatus?: number): boolean {
  if (NEVER_FAILOVER_CODES.has(failure.code)) return false;
  return (
    failure.retryable ||
    FAILOVER_CODES.has(failure.code) ||
    (upstreamStatus !== undefined && upstreamStatus >= 500)
  );
}

/**
 * How long to wait before trying the same upstream again, or undefined when it should not be:
 * its `retry-after` (up to `maxRetryAfterMs`), else jittered exponential backoff.
 */
export function retryDelay(
  failure: GatewayError,
  triesSoFar: number,
  limits: GatewayLimits,
  random: () => number,
): number | undefined {
  const sameAgain =
    failure.retryable && (RETRY_SAME_STATUSES.has(failure.status) || failure.code === 'upstream_unreachable');
  if (!sameAgain) return undefined;
  if (failure.retryAfterSeconds !== undefined) {
    const requested = failure.retryAfterSeconds * 1000;
    return requested > limits.maxRetryAfterMs ? undefined : requested;
  }
  // Full jitter: https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
  return Math.round(random() * limits.retryBaseDelayMs * 2 ** (triesSoFar - 1));
}

async function fetchWithFirstByteTimeout(input: SendAttemptInput, request: UpstreamHttpRequest) {
  const timer = setTimeout(
    () => input.attemptAbort.abort(new UpstreamTimeout('first-byte')),
    input.limits.firstByteTimeoutMs,
  );
  try {
    return await input.fetch(request, input.attemptAbort.signal);
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

/** An error answer's text, cut at 64 KiB (enough for any real error message), then let go. */
async function readBoundedText(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = { current: undefined as ReadableStreamDefaultReader<Uint8Array> | undefined };
  try {
    const { text, overLimit } = await readTextUpTo(response.body, MAX_ERROR_BODY_BYTES);
    reader.current = overLimit;
    return text;
  } catch {
    // A body cut short still leaves the status to map.
    return '';
  } finally {
    reader.current?.cancel().catch(() => undefined);
  }
}

/** `ECONNREFUSED`, `ECONNRESET`, … without the address or anything else from the message. */
function connectionErrorName(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = (error as { code?: unknown } | undefined)?.code ?? cause?.code;
  return typeof code === 'string' ? code : 'connection failed';
}
