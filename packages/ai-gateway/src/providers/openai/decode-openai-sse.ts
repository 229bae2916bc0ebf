import type { StreamPart } from '../../pipeline/stream-part';
import { parseSseParts } from '../../sse';
import { createOpenAiChunksToAnthropic } from '../../translate/create-openai-chunks-to-anthropic';
import { malformedStreamError, upstreamStreamError } from '../../upstream-answers/anthropic-event-part';
import { checkOpenAiChunk } from '../../upstream-answers/check-openai-chunk';
import type { DecodeContext } from '../types';

/** OpenAI `chat.completion.chunk` SSE as pivot parts (Anthropic events). */
export async function* decodeOpenAiSse(
  chunks: AsyncIterable<Uint8Array>,
  context: DecodeContext,
): AsyncGenerator<StreamPart> {
  const mapper = createOpenAiChunksToAnthropic({ id: context.messageId, model: context.model });
  for await (const message of parseSseParts(
    chunks,
    context.maxEventBytes
      ? { maxLineLength: context.maxEventBytes, maxEventLength: context.maxEventBytes }
      : {},
  )) {
    if (message.type === 'error') {
      // A framing fault (an oversized line or event) ends the stream as an error part.
      yield message;
      return;
    }
    if (message.data === '[DONE]') break;
    let chunk: unknown;
    try {
      chunk = JSON.parse(message.data);
    } catch {
      yield { type: 'error', error: malformedStreamError(context.label, 'a chunk is not JSON') };
      return;
    }
    const error = (chunk as { error?: { message?: unknown } } | null)?.error;
    if (error !== undefined) {
      const text = typeof error?.message === 'string' ? error.message : undefined;
      yield { type: 'error', error: upstreamStreamError(text) };
      return;
    }
    const malformed = checkOpenAiChunk(chunk);
    if (malformed !== undefined) {
      yield { type: 'error', error: malformedStreamError(context.label, malformed) };
      return;
    }
    for (const event of mapper.push(chunk)) yield { type: 'event', event };
  }
  for (const event of mapper.finish()) yield { type: 'event', event };
}
