import { apiAdapterOf } from '../definition/custom-llm-definition-schema';
import { GatewayError, toGatewayError } from '../errors/gateway-error';
import { renderAnthropicError } from '../errors/render-anthropic-error';
import type { GatewayDeps } from '../gateway-deps';
import { authenticateCaller } from '../pipeline/authenticate-caller';
import { readJsonBody } from '../pipeline/read-json-body';
import { readUpstreamEvents } from '../pipeline/read-upstream-events';
import { requireModel } from '../pipeline/require-model';
import { respondWithStream } from '../pipeline/respond-with-stream';
import { anthropicSseEncoder } from '../pipeline/stream-encoders';
import {
  type AnthropicMessage,
  convertAnthropicRequestToConverse,
  convertAnthropicRequestToOpenAi,
  convertConverseResponseToAnthropic,
  convertOpenAiResponseToAnthropic,
  createUsageAccumulator,
  parseAnthropicMessagesRequest,
} from '../translate';
import { describe } from './chat-completions';
import { forwardToUpstream, limitsOf } from './forward-to-upstream';
import { readUpstreamJson } from './read-upstream-json';
import { RequestAccounting } from './request-accounting';
import { resolveModelForCaller } from './resolve-model-for-caller';
import { usageFromAnthropicMessage } from './usage-from-anthropic-message';

/** `POST /v1/messages`: Anthropic Messages in, whatever the upstream speaks. */
export function createMessagesHandler(deps: GatewayDeps) {
  return async function messages(request: Request): Promise<Response> {
    const accounting = new RequestAccounting(deps, 'messages');
    const headers = new Headers({ 'x-request-id': accounting.requestId });
    try {
      const caller = await authenticateCaller(request.headers, deps);
      accounting.setCaller(caller);
      const json = await readJsonBody(request, limitsOf(deps).maxBodyBytes);
      const anthropicRequest = parseAnthropicMessagesRequest(json);
      // Captured now: a definition's remove_from_body may delete `stream` from the upstream body.
      const stream = anthropicRequest.stream === true;
      const resolved = await resolveModelForCaller(caller, requireModel(anthropicRequest.model), deps);
      accounting.setModel(resolved, stream);
      const { definition, publicId } = resolved;
      const adapter = apiAdapterOf(definition);

      let body: Record<string, unknown> = json;
      if (adapter === 'bedrock-converse') {
        body = convertAnthropicRequestToConverse(anthropicRequest) as Record<string, unknown>;
      } else if (adapter === 'openai-completions') {
        body = {
          ...(convertAnthropicRequestToOpenAi(anthropicRequest, { definition }) as Record<string, unknown>),
          ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
        };
      }

      const forward = await forwardToUpstream({
        deps,
        resolved,
        body,
        stream,
        callerHeaders: request.headers,
        callerSignal: request.signal,
      });

      if (stream) {
        const usage = createUsageAccumulator();
        return await respondWithStream({
          parts: readUpstreamEvents(forward.chunks(), forward.streamFormat, publicId),
          encoder: anthropicSseEncoder(),
          headers,
          renderError: renderAnthropicError,
          upstreamAbort: forward.upstreamAbort,
          onEvent: (part) => {
            accounting.markFirstByte();
            if (part.type === 'event') {
              usage.push(part.event);
              accounting.addUsage(usage.current());
            }
          },
          onEnd: ({ error }) => accounting.finish(error ? error.status : 200, error),
        });
      }

      const { text, json: upstreamJson } = await readUpstreamJson(forward, publicId);
      accounting.markFirstByte();
      if (adapter === 'anthropic-messages') {
        accounting.addUsage(
          usageFromAnthropicMessage(upstreamJson as AnthropicMessage, forward.response.headers),
        );
        accounting.finish(200);
        headers.set('content-type', 'application/json');
        return new Response(text, { status: 200, headers });
      }
      const message: AnthropicMessage =
        adapter === 'bedrock-converse'
          ? convertConverseResponseToAnthropic(upstreamJson as never, {
              model: publicId,
              id: `msg_${accounting.requestId}`,
            })
          : convertOpenAiResponseToAnthropic(upstreamJson as never, {
              model: publicId,
              id: `msg_${accounting.requestId}`,
            });
      accounting.addUsage(usageFromAnthropicMessage(message, forward.response.headers));
      accounting.finish(200);
      return Response.json(message, { status: 200, headers });
    } catch (thrown) {
      const error = toGatewayError(thrown);
      if (error.code === 'internal_error' && !(thrown instanceof GatewayError)) {
        deps.logger?.error(
          { requestId: accounting.requestId, err: describe(thrown) },
          'messages request failed',
        );
      }
      accounting.finish(error.status, error);
      return renderAnthropicError(error, headers);
    }
  };
}
