import type { ApiAdapter, CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import { toGatewayError } from '../errors/gateway-error';
import { renderOpenAiError } from '../errors/render-openai-error';
import type { GatewayDeps } from '../gateway-deps';
import { createEndpointHandler, forwardCall, type IncomingCall } from '../handlers/create-endpoint-handler';
import { readUpstreamJson } from '../handlers/read-upstream-json';
import { usageFromAnthropicMessage } from '../handlers/usage-from-anthropic-message';
import { authenticateCaller } from '../pipeline/authenticate-caller';
import { readUpstreamEvents, type StreamPart } from '../pipeline/read-upstream-events';
import { supportsThinking } from '../providers/bedrock/bedrock-model-catalog';
import {
  type AnthropicMessage,
  type AnthropicMessagesRequest,
  convertAnthropicRequestToConverse,
  convertAnthropicRequestToOpenAi,
  convertConverseResponseToAnthropic,
  convertOpenAiResponseToAnthropic,
  createUsageAccumulator,
} from '../translate';
import type { ThinkingCapability } from './convert-responses-request-to-anthropic';
import { handleResponsesCall, type ResponsesCapability, type SendResult } from './handle-responses-call';
import { handleDeleteResponse, handleGetResponse, includeFromUrl } from './handle-stored-responses';
import { type ParsedResponsesRequest, parseResponsesRequest } from './parse-responses-request';
import type { ResponsesStore } from './responses-store';

/** What the Responses endpoints need beyond the core's deps. */
export type ResponsesOptions = {
  store?: ResponsesStore | undefined;
  /** 32 bytes for sealing reasoning (derive it from GATEWAY_ENCRYPTION_KEY). */
  sealKey: Uint8Array;
  ttlDays?: number | undefined;
};

/**
 * Today's glue between the Responses module and the core's endpoint plumbing (authentication,
 * limits, accounting, forwarding). Kept to this one file; `send` is the whole seam.
 */
export function createResponsesEndpoints(deps: GatewayDeps, options: ResponsesOptions) {
  const responses = createEndpointHandler({
    deps,
    endpoint: 'responses',
    parse: (json) => parseResponsesRequest(json, deps.logger),
    renderError: renderOpenAiError,
    handle: async (call) =>
      handleResponsesCall({
        request: call.parsed,
        model: call.resolved.publicId,
        send: (pivot, stream) => send(deps, call, pivot, stream),
        store: options.store,
        // Cached lookup: createEndpointHandler authenticated this key a moment ago.
        callerKeyId: (await authenticateCaller(call.request.headers, deps)).id,
        ids: () => deps.generateId().replace(/-/g, ''),
        now: deps.now,
        sealKey: options.sealKey,
        logger: deps.logger,
        capability: capabilityOf(call.resolved.definition, call.adapter),
        headers: call.headers,
        ...(options.ttlDays ? { ttlDays: options.ttlDays } : {}),
      }).then((response) => {
        // A JSON error or answer ends the call here; a stream ends through the wrapped events.
        if (!response.headers.get('content-type')?.startsWith('text/event-stream'))
          call.accounting.finish(response.status);
        return response;
      }),
  });

  const stored =
    (action: typeof handleGetResponse | typeof handleDeleteResponse) =>
    async (request: Request, id: string): Promise<Response> => {
      try {
        const caller = await authenticateCaller(request.headers, deps);
        return await action({
          store: options.store,
          callerKeyId: caller.id,
          id,
          include: includeFromUrl(new URL(request.url)),
        });
      } catch (error) {
        return renderOpenAiError(toGatewayError(error));
      }
    };
  return { responses, getResponse: stored(handleGetResponse), deleteResponse: stored(handleDeleteResponse) };
}

function capabilityOf(definition: CustomLlmDefinition, adapter: ApiAdapter): ResponsesCapability {
  const declared = (definition as { capabilities?: { thinking?: ThinkingCapability } }).capabilities
    ?.thinking;
  const claude = adapter === 'anthropic-messages';
  return {
    thinking: declared ?? (claude && supportsThinking(definition.internal_id) ? 'budget' : 'none'),
    // Claude's thinking signatures are checked by Claude wherever it runs; others only by that model.
    family: claude ? 'anthropic-claude' : `${adapter}:${definition.internal_id}`,
    defaultMaxTokens: definition.max_completion_tokens,
  };
}

async function send(
  deps: GatewayDeps,
  call: IncomingCall<ParsedResponsesRequest>,
  pivot: AnthropicMessagesRequest,
  stream: boolean,
): Promise<SendResult> {
  const { adapter, accounting } = call;
  const { definition, publicId } = call.resolved;
  let body: Record<string, unknown> = pivot;
  if (adapter === 'bedrock-converse')
    body = convertAnthropicRequestToConverse(pivot) as Record<string, unknown>;
  else if (adapter === 'openai-completions') {
    body = {
      ...(convertAnthropicRequestToOpenAi(pivot, { definition }) as Record<string, unknown>),
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    };
  }
  const forward = await forwardCall(deps, call, body);
  if (!stream) {
    const { json } = await readUpstreamJson(forward, publicId);
    const ids = { model: publicId, id: `msg_${accounting.requestId}` };
    const message: AnthropicMessage =
      adapter === 'bedrock-converse'
        ? convertConverseResponseToAnthropic(json as never, ids)
        : adapter === 'openai-completions'
          ? convertOpenAiResponseToAnthropic(json as never, ids)
          : (json as AnthropicMessage);
    accounting.addUsage(usageFromAnthropicMessage(message, forward.response.headers));
    accounting.markFirstByte();
    return { kind: 'message', message };
  }
  const usage = createUsageAccumulator();
  const parts = readUpstreamEvents(forward.chunks(), forward.streamFormat, publicId);
  async function* counted(): AsyncGenerator<StreamPart> {
    let error: ReturnType<typeof toGatewayError> | undefined;
    try {
      for await (const part of parts) {
        accounting.markFirstByte();
        if (part.type === 'event') {
          usage.push(part.event);
          accounting.addUsage(usage.current());
        } else error = part.error;
        yield part;
      }
    } finally {
      forward.upstreamAbort.abort();
      accounting.finish(error ? error.status : 200, error);
    }
  }
  return { kind: 'events', events: counted() };
}
