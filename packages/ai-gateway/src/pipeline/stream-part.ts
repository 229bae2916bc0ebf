import type { GatewayError } from '../errors/gateway-error';
import type { AnthropicStreamEvent } from '../translate/anthropic-types';

/**
 * What any upstream stream becomes: Anthropic events (the core's pivot), or one final error. A
 * decoder never throws: framing faults, exception frames and broken bodies end the sequence with
 * exactly one error part.
 */
export type StreamPart =
  | { type: 'event'; event: AnthropicStreamEvent }
  | { type: 'error'; error: GatewayError };
