import { GatewayError } from '../errors/gateway-error';
import { redactCredentials } from '../errors/redact-credentials';
import type { StreamPart } from '../pipeline/stream-part';
import { checkAnthropicStreamEvent } from './check-anthropic-stream-event';

/**
 * One Anthropic stream event (Anthropic SSE data, or a Bedrock invoke chunk) as a pivot part:
 * an `error` event becomes the error part, a malformed one a 502 naming the model, `ping` and
 * unknown future types nothing. A plain function (not a generator): it runs once per event.
 */
export function anthropicEventPart(payload: unknown, label: string): StreamPart | undefined {
  const checked = checkAnthropicStreamEvent(payload);
  if (checked === 'skip') return undefined;
  if ('malformed' in checked) {
    return { type: 'error', error: malformedStreamError(label, checked.malformed) };
  }
  if (checked.type === 'error') {
    const message = (checked as { error?: { message?: unknown } }).error?.message;
    return { type: 'error', error: upstreamStreamError(typeof message === 'string' ? message : undefined) };
  }
  if (checked.type === 'ping') return undefined;
  return { type: 'event', event: checked };
}

export function upstreamStreamError(message: string | undefined): GatewayError {
  return new GatewayError({
    code: 'upstream_stream_error',
    status: 502,
    message: `The upstream reported an error mid-stream${message ? `: ${redactCredentials(message).slice(0, 300)}` : '.'}`,
  });
}

export function malformedStreamError(label: string, detail: string): GatewayError {
  return new GatewayError({
    code: 'upstream_stream_error',
    status: 502,
    message: `The upstream of "${label}" sent a stream event in an unexpected shape (${detail}).`,
  });
}
