import type { AnthropicStreamEvent } from '../translate/anthropic-types';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const isIndex = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const hasType = (value: unknown) => isObject(value) && typeof value.type === 'string';

/**
 * A typed check of one Anthropic stream event (Anthropic SSE or a Bedrock invoke chunk), cheap
 * enough for the hot path (no zod per event): the fields the gateway reads must have their types.
 * Returns the event, `'skip'` for events the caller does not need (`ping`, unknown future types),
 * or a reason string for a malformed one.
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
 */
export function checkAnthropicStreamEvent(
  payload: unknown,
): AnthropicStreamEvent | 'skip' | { malformed: string } {
  if (!isObject(payload) || typeof payload.type !== 'string') return { malformed: 'an event has no type' };
  switch (payload.type) {
    case 'message_start':
      return isObject(payload.message) && Array.isArray(payload.message.content)
        ? (payload as AnthropicStreamEvent)
        : { malformed: 'message_start has no message' };
    case 'content_block_start':
      return isIndex(payload.index) && hasType(payload.content_block)
        ? (payload as AnthropicStreamEvent)
        : { malformed: 'content_block_start needs index and content_block' };
    case 'content_block_delta':
      return isIndex(payload.index) && hasType(payload.delta)
        ? (payload as AnthropicStreamEvent)
        : { malformed: 'content_block_delta needs index and delta' };
    case 'content_block_stop':
      return isIndex(payload.index)
        ? (payload as AnthropicStreamEvent)
        : { malformed: 'content_block_stop needs index' };
    case 'message_delta':
      return isObject(payload.delta)
        ? (payload as AnthropicStreamEvent)
        : { malformed: 'message_delta has no delta' };
    case 'message_stop':
    case 'error':
      return payload as AnthropicStreamEvent;
    default:
      return 'skip';
  }
}
