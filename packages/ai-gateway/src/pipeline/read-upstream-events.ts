import { GatewayError, toGatewayError } from '../errors/gateway-error';
import { redactCredentials } from '../errors/redact-credentials';
import { decodeBedrockEventStream } from '../providers/bedrock/decode-bedrock-event-stream';
import { parseSse } from '../sse';
import type { AnthropicStreamEvent } from '../translate';
import { createConverseStreamToAnthropic, createOpenAiChunksToAnthropic } from '../translate';

/** What any upstream stream becomes: Anthropic events (the core's pivot), or one final error. */
export type StreamPart =
  | { type: 'event'; event: AnthropicStreamEvent }
  | { type: 'error'; error: GatewayError };

export type UpstreamStreamFormat = 'anthropic-sse' | 'openai-sse' | 'bedrock-invoke' | 'bedrock-converse';

/**
 * Normalises an upstream stream to Anthropic events. Never throws: failures, exception frames and a
 * stream that ends before `message_stop` all end the sequence with exactly one error part, so no
 * truncated answer is ever presented as complete.
 */
export async function* readUpstreamEvents(
  chunks: AsyncIterable<Uint8Array>,
  format: UpstreamStreamFormat,
  label: string,
): AsyncGenerator<StreamPart> {
  let sawMessageStop = false;
  const body = rememberBodyFailure(chunks);
  try {
    for await (const part of decode(body.chunks, format)) {
      if (part.type === 'error') {
        // The body's own failure (idle timeout, reset) says more than the decoder's "interrupted".
        yield body.failure ? { type: 'error', error: body.failure } : part;
        return;
      }
      if (part.event.type === 'message_stop') sawMessageStop = true;
      yield part;
    }
  } catch (error) {
    yield { type: 'error', error: toGatewayError(error) };
    return;
  }
  if (!sawMessageStop) {
    yield {
      type: 'error',
      error: new GatewayError({
        code: 'upstream_stream_error',
        status: 502,
        message: `The upstream of "${label}" ended the stream before the message was complete.`,
      }),
    };
  }
}

/**
 * Passes the chunks through and keeps the GatewayError the body failed with (readBodyChunks throws
 * one for an idle timeout or a reset), because the Bedrock decoder turns any failure of its source
 * into a generic "interrupted" error part.
 */
function rememberBodyFailure(chunks: AsyncIterable<Uint8Array>): {
  chunks: AsyncIterable<Uint8Array>;
  failure: GatewayError | undefined;
} {
  const holder: { chunks: AsyncIterable<Uint8Array>; failure: GatewayError | undefined } = {
    chunks: chunks,
    failure: undefined,
  };
  holder.chunks = (async function* () {
    try {
      yield* chunks;
    } catch (error) {
      holder.failure = toGatewayError(error);
      throw error;
    }
  })();
  return holder;
}

async function* decode(
  chunks: AsyncIterable<Uint8Array>,
  format: UpstreamStreamFormat,
): AsyncGenerator<StreamPart> {
  switch (format) {
    case 'bedrock-invoke':
      for await (const part of decodeBedrockEventStream(chunks)) {
        if (part.type === 'error') yield part;
        else if (part.eventType === 'chunk') {
          const event = anthropicEventPart(part.payload);
          if (event) yield event;
        }
      }
      return;
    case 'bedrock-converse': {
      const mapper = createConverseStreamToAnthropic();
      for await (const part of decodeBedrockEventStream(chunks)) {
        if (part.type === 'error') yield part;
        else for (const event of mapper.push(part.eventType, part.payload)) yield { type: 'event', event };
      }
      for (const event of mapper.finish()) yield { type: 'event', event };
      return;
    }
    case 'anthropic-sse':
      for await (const message of parseSse(chunks)) {
        const event = anthropicEventPart(JSON.parse(message.data));
        if (event) yield event;
      }
      return;
    case 'openai-sse': {
      const mapper = createOpenAiChunksToAnthropic();
      for await (const message of parseSse(chunks)) {
        if (message.data === '[DONE]') break;
        const chunk = JSON.parse(message.data) as { error?: { message?: string } };
        if (chunk.error) {
          yield { type: 'error', error: upstreamStreamError(chunk.error.message) };
          return;
        }
        for (const event of mapper.push(chunk)) yield { type: 'event', event };
      }
      for (const event of mapper.finish()) yield { type: 'event', event };
      return;
    }
  }
}

/** A plain function, not a generator: it runs once per streamed event (hot path). */
function anthropicEventPart(payload: unknown): StreamPart | undefined {
  const event = payload as AnthropicStreamEvent | { type: 'error'; error?: { message?: string } };
  if (event.type === 'error') {
    return {
      type: 'error',
      error: upstreamStreamError((event as { error?: { message?: string } }).error?.message),
    };
  }
  if (event.type === 'ping') return undefined;
  return { type: 'event', event: event as AnthropicStreamEvent };
}

function upstreamStreamError(message: string | undefined): GatewayError {
  return new GatewayError({
    code: 'upstream_stream_error',
    status: 502,
    message: `The upstream reported an error mid-stream${message ? `: ${redactCredentials(message).slice(0, 300)}` : '.'}`,
  });
}
