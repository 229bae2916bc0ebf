import { GatewayError } from '../errors/gateway-error';
import { parseRetryAfter } from '../errors/parse-retry-after';
import { redactCredentials } from '../errors/redact-credentials';

/**
 * Maps a non-2xx answer of an OpenAI-compatible or Anthropic upstream to a GatewayError, keeping
 * the status where it means the same for the caller. Upstream 401/403 become 502: the caller's own
 * key was fine, the gateway's upstream credentials were not. Upstream text is only passed on for
 * 400/404/422, where it explains the caller's mistake; never for auth failures (it may quote a key).
 */
export function mapUpstreamHttpError(
  status: number,
  headers: Headers,
  bodyText: string,
  label: string,
): GatewayError {
  const upstreamMessage = readErrorMessage(bodyText);
  const retryAfterSeconds = parseRetryAfter(headers.get('retry-after'));
  if (status === 401 || status === 403) {
    return new GatewayError({
      code: 'upstream_auth_failed',
      status: 502,
      message: `The upstream of "${label}" rejected the gateway's credentials (HTTP ${status}).`,
    });
  }
  if (status === 429) {
    return new GatewayError({
      code: 'upstream_rate_limited',
      status: 429,
      retryable: true,
      retryAfterSeconds: retryAfterSeconds ?? 1,
      message: `The upstream of "${label}" is rate limiting requests; retry later.`,
    });
  }
  if (status === 400 || status === 404 || status === 413 || status === 422) {
    const code = status === 404 ? 'upstream_not_found' : 'upstream_bad_request';
    const reason = upstreamMessage === undefined ? '' : `: ${truncate(upstreamMessage)}`;
    return new GatewayError({
      code,
      status: status === 422 ? 400 : status,
      message: `The upstream of "${label}" refused the request (HTTP ${status})${reason}`,
    });
  }
  if (status === 408 || status === 504) {
    return new GatewayError({
      code: 'upstream_timeout',
      status: status,
      message: `The upstream of "${label}" timed out (HTTP ${status}).`,
    });
  }
  if (status === 503 || status === 529) {
    return new GatewayError({
      code: 'upstream_unavailable',
      status: 503,
      retryable: true,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      message: `The upstream of "${label}" is unavailable (HTTP ${status}).`,
    });
  }
  if (status >= 300 && status < 400) {
    return new GatewayError({
      code: 'upstream_error',
      status: 502,
      message: `The upstream of "${label}" answered with a redirect (HTTP ${status}); the gateway does not follow redirects.`,
    });
  }
  const shape = upstreamMessage === undefined && bodyText.trim() !== '' ? ' with a non-JSON body' : '';
  return new GatewayError({
    code: 'upstream_error',
    status: 502,
    message: `The upstream of "${label}" failed (HTTP ${status})${shape}.`,
  });
}

/** `{"error":{"message"}}` (OpenAI), `{"type":"error","error":{"message"}}` (Anthropic), `{"message"}`. */
function readErrorMessage(bodyText: string): string | undefined {
  try {
    const parsed = JSON.parse(bodyText) as { error?: { message?: unknown } | string; message?: unknown };
    const candidate =
      typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    return typeof candidate === 'string' ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** Cut, and with anything credential-shaped masked: the upstream may quote the key it was sent. */
function truncate(text: string): string {
  const redacted = redactCredentials(text);
  return redacted.length > 500 ? `${redacted.slice(0, 500)}…` : redacted;
}
