import { toGatewayError } from '../errors/gateway-error';
import { renderOpenAiError } from '../errors/render-openai-error';
import {
  type CoreContext,
  createEndpointHandler,
  type IncomingCall,
} from '../handlers/create-endpoint-handler';
import { authenticateCaller } from '../pipeline/authenticate-caller';
import { limitsOf } from '../pipeline/call-upstream';
import type { StreamPart } from '../pipeline/stream-part';
import type { Upstream } from '../providers/types';
import type { AnthropicMessagesRequest } from '../translate/anthropic-types';
import { createUsageAccumulator } from '../translate/create-usage-accumulator';
import { toTokenUsage } from '../usage/usage-record';
import { handleResponsesCall, type ResponsesCapability, type SendResult } from './handle-responses-call';
import { handleDeleteResponse, handleGetResponse, includeFromUrl } from './handle-stored-responses';
import { type ParsedResponsesRequest, parseResponsesRequest } from './parse-responses-request';
import { passResponsesThrough } from './pass-responses-through';
import type { ResponsesStore } from './responses-store';

/** What the Responses endpoints need beyond the core's deps. */
export type ResponsesOptions = {
  store?: ResponsesStore | undefined;
  /** 32 bytes for sealing reasoning (derive it from GATEWAY_ENCRYPTION_KEY). */
  sealKey: Uint8Array;
  ttlDays?: number | undefined;
};

/**
 * `POST /v1/responses` on the shared endpoint plumbing (authentication, admission, accounting,
 * the provider seam), and `GET`/`DELETE /v1/responses/<id>` on stored responses. The Responses
 * module sees the upstream only through `send`: a pivot request in, a pivot answer out.
 */
export function createResponsesEndpoints(core: CoreContext, options: ResponsesOptions) {
  const { deps } = core;
  const responses = createEndpointHandler({
    core,
    endpoint: 'responses',
    parse: (json) => parseResponsesRequest(json, deps.logger),
    renderError: renderOpenAiError,
    handle: async (call) => {
      // The upstream speaks the Responses API itself: its provider says so, and the body passes.
      const passThrough = call.upstreams[0]?.provider.responses;
      if (passThrough) return passResponsesThrough(call, passThrough, limitsOf(deps));
      const response = await handleResponsesCall({
        request: call.parsed,
        model: call.resolved.publicId,
        send: (pivot, stream) => send(call, pivot, stream),
        store: options.store,
        callerKeyId: call.caller.id,
        ids: () => deps.generateId().replace(/-/g, ''),
        now: deps.now,
        sealKey: options.sealKey,
        logger: deps.logger,
        capability: capabilityOf(call.upstreams[0]),
        headers: call.headers,
        ...(options.ttlDays ? { ttlDays: options.ttlDays } : {}),
      });
      // A committed stream finishes the accounting when its events end (see `send`).
      if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
        call.accounting.streamPending = true;
      }
      return response;
    },
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

/** What the model can do, and who can verify its thinking signatures: both from its provider. */
function capabilityOf(upstream: Upstream | undefined): ResponsesCapability {
  if (upstream === undefined) return { thinking: 'none', family: 'unknown' };
  const { provider, definition } = upstream;
  const capabilities = provider.capabilities(definition);
  return {
    thinking: capabilities.thinking,
    promptCaching: capabilities.prompt_caching,
    family: provider.thinkingSignatureFamily(definition),
    defaultMaxTokens: definition.max_completion_tokens,
  };
}

async function send(
  call: IncomingCall<ParsedResponsesRequest>,
  pivot: AnthropicMessagesRequest,
  stream: boolean,
): Promise<SendResult> {
  const { accounting } = call;
  const answer = await call.send((upstream) =>
    upstream.provider.encodeChatRequest(pivot, upstream.definition),
  );
  if (!stream) {
    const { message } = await answer.message();
    accounting.addUsage(toTokenUsage(message.usage));
    accounting.setFinishReason(message.stop_reason);
    accounting.markFirstByte();
    return { kind: 'message', message };
  }
  const usage = createUsageAccumulator();
  const parts = answer.events();
  async function* counted(): AsyncGenerator<StreamPart> {
    let error: ReturnType<typeof toGatewayError> | undefined;
    let completed = false;
    try {
      for await (const part of parts) {
        accounting.markFirstByte();
        if (part.type === 'event') {
          usage.push(part.event);
          accounting.addUsage(usage.current());
          if (part.event.type === 'message_delta') accounting.setFinishReason(part.event.delta.stop_reason);
        } else error = part.error;
        yield part;
      }
      completed = true;
    } finally {
      answer.upstreamAbort.abort();
      accounting.finishStream({ error, cancelled: !completed && error === undefined });
    }
  }
  return {
    kind: 'events',
    events: counted(),
    cancel: () => {
      // Recorded first: the abort makes the pending read fail, and that must not count as an error.
      accounting.finishStream({ error: undefined, cancelled: true });
      answer.upstreamAbort.abort();
    },
  };
}
