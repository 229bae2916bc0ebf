import { z } from 'zod';
import type { GatewayError } from '../../errors/gateway-error';
import { encodeSseEvent, parseSseParts } from '../../sse';
import { malformedStreamError, upstreamStreamError } from '../../upstream-answers/anthropic-event-part';
import { parseUpstreamAnswer, parseUpstreamJson } from '../../upstream-answers/parse-upstream-answer';
import type { DecodeContext, ResponsesReport, ResponsesStreamPart, ResponsesSupport } from '../types';

/**
 * An upstream that speaks OpenAI's Responses API itself
 * (https://platform.openai.com/docs/api-reference/responses): its answers go back to the caller as
 * they came, and only what accounting needs is read from them — `usage` and `status` of the
 * Response, whole or in the terminal stream event. The check is loose on purpose: the caller gets
 * the upstream's bytes, so only the fields the gateway reads are required to have their type.
 */
const ResponseUsageSchema = z.looseObject({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  input_tokens_details: z
    .looseObject({
      cached_tokens: z.number().int().nonnegative().nullish(),
      cache_write_tokens: z.number().int().nonnegative().nullish(),
    })
    .nullish(),
});

const ResponseAnswerSchema = z.looseObject({
  object: z.literal('response'),
  status: z.string().nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
  error: z.looseObject({ message: z.string().nullish() }).nullish(),
  usage: ResponseUsageSchema.nullish(),
});
type ResponseAnswer = z.infer<typeof ResponseAnswerSchema>;

/** OpenAI's `input_tokens` include the cached (and cache-written) ones; the gateway counts them apart. */
function reportOf(response: ResponseAnswer): ResponsesReport {
  const report: ResponsesReport = {};
  const reason = response.incomplete_details?.reason ?? response.status;
  if (reason) report.finishReason = reason;
  const usage = response.usage;
  if (usage) {
    const read = Math.min(usage.input_tokens_details?.cached_tokens ?? 0, usage.input_tokens);
    const written = Math.min(usage.input_tokens_details?.cache_write_tokens ?? 0, usage.input_tokens - read);
    report.usage = {
      input_tokens: usage.input_tokens - read - written,
      output_tokens: usage.output_tokens,
      cache_read_input_tokens: read,
      cache_creation_input_tokens: written,
    };
  }
  return report;
}

const encoder = new TextEncoder();

/** The stream's own last word when the upstream's failed it: an `error` event as OpenAI sends one. */
function errorEvent(error: GatewayError, sequenceNumber: number): Uint8Array {
  const data = {
    type: 'error',
    code: error.code,
    message: error.message,
    param: error.param ?? null,
    sequence_number: sequenceNumber,
  };
  return encoder.encode(encodeSseEvent('error', JSON.stringify(data)));
}

type StreamEvent = {
  type?: unknown;
  sequence_number?: unknown;
  message?: unknown;
  response?: unknown;
};

async function* relayResponsesStream(
  chunks: AsyncIterable<Uint8Array>,
  context: DecodeContext,
): AsyncGenerator<ResponsesStreamPart> {
  const limits = context.maxEventBytes
    ? { maxLineLength: context.maxEventBytes, maxEventLength: context.maxEventBytes }
    : {};
  let nextSequence = 0;
  let ended = false;
  const fail = (error: GatewayError, bytes?: Uint8Array): ResponsesStreamPart => ({
    type: 'error',
    error,
    bytes: bytes ?? errorEvent(error, nextSequence),
  });
  for await (const message of parseSseParts(chunks, limits)) {
    if (message.type === 'error') {
      yield fail(message.error);
      return;
    }
    // The event's data goes out untouched (no JSON round trip); only its framing is rewritten.
    const bytes = encoder.encode(encodeSseEvent(message.event, message.data));
    if (message.data === '[DONE]') {
      yield { type: 'event', bytes };
      continue;
    }
    let event: StreamEvent;
    try {
      event = JSON.parse(message.data) as StreamEvent;
    } catch {
      yield fail(malformedStreamError(context.label, 'an event is not JSON'));
      return;
    }
    if (event === null || typeof event !== 'object' || typeof event.type !== 'string') {
      yield fail(malformedStreamError(context.label, 'an event has no type'));
      return;
    }
    if (typeof event.sequence_number === 'number') nextSequence = event.sequence_number + 1;
    if (event.type === 'error') {
      const text = typeof event.message === 'string' ? event.message : undefined;
      yield fail(upstreamStreamError(text), bytes);
      return;
    }
    if (
      event.type === 'response.completed' ||
      event.type === 'response.incomplete' ||
      event.type === 'response.failed'
    ) {
      const parsed = ResponseAnswerSchema.safeParse(event.response);
      if (!parsed.success) {
        yield fail(malformedStreamError(context.label, `${event.type} carries no Response`));
        return;
      }
      const report = reportOf(parsed.data);
      if (event.type === 'response.failed') {
        // The failure reaches the caller as the upstream sent it; accounting records it as an error.
        yield fail(upstreamStreamError(parsed.data.error?.message ?? undefined), bytes);
        return;
      }
      ended = true;
      yield { type: 'event', bytes, ...report };
      continue;
    }
    yield { type: 'event', bytes };
  }
  if (!ended) {
    yield fail(
      upstreamStreamError(`the upstream of "${context.label}" ended the stream before response.completed`),
    );
  }
}

/** The `responses` member of the OpenAI-compatible provider for `api_adapter: "openai-responses"`. */
export const openAiResponsesSupport: ResponsesSupport = {
  readAnswer: (bodyText, { label }) =>
    reportOf(parseUpstreamAnswer(ResponseAnswerSchema, parseUpstreamJson(bodyText, label), label)),
  relayStream: relayResponsesStream,
};
