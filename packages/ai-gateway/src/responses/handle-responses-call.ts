import { GatewayError } from '../errors/gateway-error';
import { renderOpenAiError } from '../errors/render-openai-error';
import type { GatewayLogger } from '../gateway-deps';
import { InMemoryResponse } from '../http/in-memory-response';
import type { StreamPart } from '../pipeline/stream-part';
import type { AnthropicMessage, AnthropicMessagesRequest } from '../translate/anthropic-types';
import { getJsonResponseToolName } from '../translate/json-response-tool';
import { includesEncryptedReasoning, type ResponseContext, redactReasoning } from './build-response-object';
import { convertAnthropicMessageToResponse } from './convert-anthropic-message-to-response';
import {
  convertResponsesRequestToAnthropic,
  type ThinkingCapability,
} from './convert-responses-request-to-anthropic';
import { createAnthropicToResponsesEvents } from './create-anthropic-to-responses-events';
import type { ParsedResponsesRequest, ResponsesInputItem } from './parse-responses-request';
import { createReasoningSealer } from './reasoning-sealing';
import type { ResponsesStore } from './responses-store';
import type { ResponseObject, ResponseStreamEvent } from './responses-types';

/** What the upstream gave back for the pivot request: a whole message, or its events. */
export type SendResult =
  | { kind: 'message'; message: AnthropicMessage }
  | {
      kind: 'events';
      events: AsyncGenerator<StreamPart>;
      /**
       * The caller went away: stop the upstream and record the request (499) now. Closing `events`
       * alone would wait for the upstream's next event, which a stalled upstream may never send.
       */
      cancel?: () => void;
    };

export type ResponsesCapability = {
  thinking: ThinkingCapability;
  /** What a thinking block's signature is valid for (e.g. `anthropic-claude`); binds sealed reasoning. */
  family: string;
  /** `max_tokens` when the caller sets no `max_output_tokens`. */
  defaultMaxTokens?: number | undefined;
  /** The upstream caches prompts: `prompt_cache_key` becomes a cache point. */
  promptCaching?: boolean | undefined;
};

export type HandleResponsesCallInput = {
  request: ParsedResponsesRequest;
  /** The model name to answer with (the public id). */
  model: string;
  /**
   * Sends the pivot to the resolved upstream (translated to its format) and returns the message,
   * or the pivot events when `stream`. Throws GatewayError for a failure before the first byte.
   */
  send(pivot: AnthropicMessagesRequest, stream: boolean): Promise<SendResult>;
  store?: ResponsesStore | undefined;
  callerKeyId: string;
  ids: () => string;
  now: () => Date;
  /** 32 bytes (derived from GATEWAY_ENCRYPTION_KEY). */
  sealKey: Uint8Array;
  logger?: GatewayLogger | undefined;
  capability: ResponsesCapability;
  /** Response headers so far (`x-request-id`). */
  headers?: Headers;
  /** How long a stored response lives. Default 30 days. */
  ttlDays?: number;
};

const encoder = new TextEncoder();

/**
 * `POST /v1/responses` after authentication and model resolution: history from
 * `previous_response_id`, translation through the pivot, the upstream call (`send`), the answer as
 * JSON or as the Responses event stream, and storage when `store` is not false.
 * Errors before the answer starts are rendered in OpenAI's shape; a stream that fails later ends
 * with `error` and `response.failed`.
 */
export async function handleResponsesCall(input: HandleResponsesCallInput): Promise<Response> {
  const headers = new Headers(input.headers);
  try {
    return await answer(input, headers);
  } catch (thrown) {
    if (thrown instanceof GatewayError) return renderOpenAiError(thrown, headers);
    throw thrown;
  }
}

async function answer(input: HandleResponsesCallInput, headers: Headers): Promise<Response> {
  const { request, capability } = input;
  const history = await loadHistory(input);
  const sealer = createReasoningSealer({ key: input.sealKey, family: capability.family });
  const converted = await convertResponsesRequestToAnthropic(request, {
    thinking: capability.thinking,
    sealer,
    history,
    defaultMaxTokens: capability.defaultMaxTokens,
    promptCaching: capability.promptCaching,
    logger: input.logger,
  });
  if (converted.droppedTools.length > 0)
    headers.set('x-gateway-dropped-tools', converted.droppedTools.join(','));

  const context: ResponseContext = {
    id: `resp_${input.ids()}`,
    createdAt: Math.floor(input.now().getTime() / 1000),
    model: input.model,
    request,
    toolNames: converted.toolNames,
    jsonResponseTool: getJsonResponseToolName(converted.pivot),
    sealer,
    ids: input.ids,
    now: input.now,
  };
  const forCaller = <T>(value: T): T =>
    includesEncryptedReasoning(request) ? value : redactReasoning(value);
  const save = async (response: ResponseObject) => {
    if (request.store === false || !input.store) return;
    const expiresAt = new Date(input.now().getTime() + (input.ttlDays ?? 30) * 86_400_000);
    await input.store.save(input.callerKeyId, response, [...history, ...request.input], expiresAt);
  };

  const sent = await input.send(converted.pivot, request.stream);
  if (sent.kind === 'message') {
    const response = await convertAnthropicMessageToResponse(sent.message, context);
    await save(response);
    headers.set('content-type', 'application/json');
    return new InMemoryResponse(JSON.stringify(forCaller(response)), { status: 200, headers });
  }

  const parts = sent.events;
  const first = await parts.next();
  if (!first.done && first.value.type === 'error') {
    // Nothing committed: closing the parts ends the upstream body and the request's accounting.
    await parts.return(undefined);
    return renderOpenAiError(first.value.error, headers);
  }
  const events = createAnthropicToResponsesEvents(context);
  let pending: IteratorResult<StreamPart> | undefined = first;
  let started = false;
  let saved = false;
  const write = (controller: ReadableStreamDefaultController<Uint8Array>, list: ResponseStreamEvent[]) => {
    for (const event of list)
      controller.enqueue(
        encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(forCaller(event))}\n\n`),
      );
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        write(controller, events.start());
      }
      for (;;) {
        const result: IteratorResult<StreamPart> = pending ?? (await parts.next());
        pending = undefined;
        if (result.done) {
          // readUpstreamEvents ends a stream without message_stop with an error part; this is a guard.
          if (!events.result()) write(controller, events.fail(incomplete()));
          controller.close();
          return;
        }
        const part = result.value;
        const list = part.type === 'error' ? events.fail(part.error) : await events.push(part.event);
        const final = events.result();
        if (final && !saved) {
          saved = true;
          // Stored before the last event goes out: a client may continue from it at once.
          if (final.status !== 'failed')
            await save(final).catch((error: unknown) => logSaveFailure(input, error));
        }
        if (list.length > 0) {
          write(controller, list);
          return;
        }
      }
    },
    async cancel() {
      sent.cancel?.();
      await parts.return(undefined);
    },
  });
  headers.set('content-type', 'text/event-stream; charset=utf-8');
  headers.set('cache-control', 'no-cache');
  return new Response(body, { status: 200, headers });
}

/** The stored conversation before this request: its input and its output, as input items. */
async function loadHistory(input: HandleResponsesCallInput): Promise<ResponsesInputItem[]> {
  const id = input.request.previous_response_id;
  if (!id) return [];
  const stored = input.store ? await input.store.get(input.callerKeyId, id) : undefined;
  if (!stored) {
    throw new GatewayError({
      code: 'not_found',
      status: 404,
      message: `Previous response with id '${id}' not found.`,
      param: 'previous_response_id',
    });
  }
  const history = [...stored.input, ...(stored.response.output as unknown as ResponsesInputItem[])];
  const known = new Set(
    history.map((item) => (item as { id?: unknown }).id).filter((value) => typeof value === 'string'),
  );
  for (const [index, item] of input.request.input.entries()) {
    const itemId = (item as { id?: unknown }).id;
    if (typeof itemId === 'string' && known.has(itemId)) {
      throw new GatewayError({
        code: 'invalid_request',
        status: 400,
        message: `input[${index}] repeats item '${itemId}', already part of previous_response_id; send only the new items.`,
        param: `input[${index}]`,
      });
    }
  }
  return history;
}

function incomplete(): GatewayError {
  return new GatewayError({
    code: 'upstream_stream_error',
    status: 502,
    message: 'The upstream ended the stream before the response was complete.',
  });
}

function logSaveFailure(input: HandleResponsesCallInput, error: unknown): void {
  input.logger?.error(
    { err: error instanceof Error ? error.message : String(error) },
    'responses: storing the response failed',
  );
}
