import { apiAdapterOf, type CustomLlmDefinition } from '../../definition/custom-llm-definition-schema';
import type { StreamPart } from '../../pipeline/stream-part';
import { createConverseStreamToAnthropic } from '../../translate/create-converse-stream-to-anthropic';
import { anthropicEventPart, malformedStreamError } from '../../upstream-answers/anthropic-event-part';
import { checkConverseStreamEvent } from '../../upstream-answers/check-converse-stream-event';
import type { DecodeContext } from '../types';
import { decodeBedrockEventStream } from './decode-bedrock-event-stream';

/**
 * A Bedrock streaming answer as pivot parts: InvokeModelWithResponseStream `chunk` events carry
 * Claude's own stream events; ConverseStream events are mapped to them.
 */
export async function* decodeBedrockChatStream(
  chunks: AsyncIterable<Uint8Array>,
  definition: CustomLlmDefinition,
  context: DecodeContext,
): AsyncGenerator<StreamPart> {
  if (apiAdapterOf(definition) === 'bedrock-converse') {
    yield* decodeConverseStream(chunks, context);
    return;
  }
  for await (const part of decodeBedrockEventStream(chunks)) {
    if (part.type === 'error') {
      yield part;
      return;
    }
    if (part.eventType !== 'chunk') continue;
    const event = anthropicEventPart(part.payload, context.label);
    if (event === undefined) continue;
    yield event;
    if (event.type === 'error') return;
  }
}

async function* decodeConverseStream(
  chunks: AsyncIterable<Uint8Array>,
  context: DecodeContext,
): AsyncGenerator<StreamPart> {
  const mapper = createConverseStreamToAnthropic({ id: context.messageId, model: context.model });
  for await (const part of decodeBedrockEventStream(chunks)) {
    if (part.type === 'error') {
      yield part;
      return;
    }
    const malformed = checkConverseStreamEvent(part.eventType, part.payload);
    if (malformed !== undefined) {
      yield { type: 'error', error: malformedStreamError(context.label, malformed) };
      return;
    }
    for (const event of mapper.push(part.eventType, part.payload)) yield { type: 'event', event };
  }
  for (const event of mapper.finish()) yield { type: 'event', event };
}
