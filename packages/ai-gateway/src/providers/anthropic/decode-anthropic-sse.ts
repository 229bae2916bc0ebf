import type { StreamPart } from '../../pipeline/stream-part';
import { parseSseParts } from '../../sse';
import { anthropicEventPart, malformedStreamError } from '../../upstream-answers/anthropic-event-part';

/** Anthropic's SSE (https://docs.anthropic.com/en/docs/build-with-claude/streaming) as pivot parts. */
export async function* decodeAnthropicSse(
  chunks: AsyncIterable<Uint8Array>,
  label: string,
  maxEventBytes?: number,
): AsyncGenerator<StreamPart> {
  for await (const message of parseSseParts(
    chunks,
    maxEventBytes ? { maxLineLength: maxEventBytes, maxEventLength: maxEventBytes } : {},
  )) {
    if (message.type === 'error') {
      // A framing fault (an oversized line or event) ends the stream as an error part.
      yield message;
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(message.data);
    } catch {
      yield { type: 'error', error: malformedStreamError(label, 'an event is not JSON') };
      return;
    }
    const part = anthropicEventPart(payload, label);
    if (part === undefined) continue;
    yield part;
    if (part.type === 'error') return;
  }
}
