import { apiAdapterOf, type CustomLlmDefinition } from '../../definition/custom-llm-definition-schema';
import type { StreamPart } from '../../pipeline/stream-part';
import { type ChunkDecoder, decodeChunks } from '../../streams/decode-chunks';
import {
  type ConverseStreamToAnthropic,
  createConverseStreamToAnthropic,
} from '../../translate/create-converse-stream-to-anthropic';
import { anthropicEventPart, malformedStreamError } from '../../upstream-answers/anthropic-event-part';
import { checkConverseStreamEvent } from '../../upstream-answers/check-converse-stream-event';
import type { DecodeContext } from '../types';
import { BedrockEventDecoder, type BedrockStreamPart } from './decode-bedrock-event-stream';

/**
 * A Bedrock streaming answer as pivot parts: InvokeModelWithResponseStream `chunk` events carry
 * Claude's own stream events; ConverseStream events are mapped to them. Frames, Bedrock events and
 * pivot parts are decoded synchronously per received chunk (streams/decode-chunks.ts).
 */
export function decodeBedrockChatStream(
  chunks: AsyncIterable<Uint8Array>,
  definition: CustomLlmDefinition,
  context: DecodeContext,
): AsyncGenerator<StreamPart> {
  const decoder =
    apiAdapterOf(definition) === 'bedrock-converse'
      ? new ConverseChatDecoder(context)
      : new InvokeChatDecoder(context.label);
  return decodeChunks(chunks, decoder);
}

/** Pivot parts from a chat decoder's Bedrock events; nothing after the first error part. */
abstract class BedrockChatDecoder implements ChunkDecoder<StreamPart> {
  private readonly events = new BedrockEventDecoder();
  private failed = false;

  push(chunk: Uint8Array): StreamPart[] {
    return this.failed ? [] : this.collect(this.events.push(chunk), false);
  }

  end(): StreamPart[] {
    return this.failed ? [] : this.collect(this.events.end(), true);
  }

  /** Appends the pivot parts of one Bedrock event; returns false once an error part was added. */
  protected abstract add(part: Extract<BedrockStreamPart, { type: 'event' }>, into: StreamPart[]): boolean;

  /** The parts that only the end of the stream releases. */
  protected abstract finish(into: StreamPart[]): void;

  private collect(bedrockParts: readonly BedrockStreamPart[], ended: boolean): StreamPart[] {
    const parts: StreamPart[] = [];
    for (const part of bedrockParts) {
      if (part.type === 'error') parts.push(part);
      else if (this.add(part, parts)) continue;
      this.failed = true;
      return parts;
    }
    if (ended) this.finish(parts);
    return parts;
  }
}

/** InvokeModelWithResponseStream: each `chunk` carries one Anthropic stream event. */
class InvokeChatDecoder extends BedrockChatDecoder {
  constructor(private readonly label: string) {
    super();
  }

  protected add(part: Extract<BedrockStreamPart, { type: 'event' }>, into: StreamPart[]): boolean {
    if (part.eventType !== 'chunk') return true;
    const event = anthropicEventPart(part.payload, this.label);
    if (event === undefined) return true;
    into.push(event);
    return event.type !== 'error';
  }

  protected finish(): void {}
}

/** ConverseStream: each event is checked, then mapped to Anthropic stream events. */
class ConverseChatDecoder extends BedrockChatDecoder {
  private readonly mapper: ConverseStreamToAnthropic;

  constructor(private readonly context: DecodeContext) {
    super();
    this.mapper = createConverseStreamToAnthropic({ id: context.messageId, model: context.model });
  }

  protected add(part: Extract<BedrockStreamPart, { type: 'event' }>, into: StreamPart[]): boolean {
    const malformed = checkConverseStreamEvent(part.eventType, part.payload);
    if (malformed !== undefined) {
      into.push({ type: 'error', error: malformedStreamError(this.context.label, malformed) });
      return false;
    }
    for (const event of this.mapper.push(part.eventType, part.payload)) into.push({ type: 'event', event });
    return true;
  }

  protected finish(into: StreamPart[]): void {
    for (const event of this.mapper.finish()) into.push({ type: 'event', event });
  }
}
