import { renderAnthropicError } from '../errors/render-anthropic-error';
import type { GatewayDeps } from '../gateway-deps';
import { anthropicSseEncoder } from '../pipeline/stream-encoders';
import {
  type AnthropicMessage,
  convertAnthropicRequestToConverse,
  convertAnthropicRequestToOpenAi,
  convertConverseResponseToAnthropic,
  convertOpenAiResponseToAnthropic,
  parseAnthropicMessagesRequest,
} from '../translate';
import { createEndpointHandler, forwardCall, streamToCaller } from './create-endpoint-handler';
import { readUpstreamJson } from './read-upstream-json';
import { usageFromAnthropicMessage } from './usage-from-anthropic-message';

/** `POST /v1/messages`: Anthropic Messages in, whatever the upstream speaks. */
export function createMessagesHandler(deps: GatewayDeps) {
  return createEndpointHandler({
    deps,
    endpoint: 'messages',
    parse: parseAnthropicMessagesRequest,
    renderError: renderAnthropicError,
    handle: async (call) => {
      const { json, parsed, stream, adapter, accounting, headers } = call;
      const { definition, publicId } = call.resolved;

      let body: Record<string, unknown> = json;
      if (adapter === 'bedrock-converse') {
        body = convertAnthropicRequestToConverse(parsed) as Record<string, unknown>;
      } else if (adapter === 'openai-completions') {
        body = {
          ...(convertAnthropicRequestToOpenAi(parsed, { definition }) as Record<string, unknown>),
          ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
        };
      }

      const forward = await forwardCall(deps, call, body);
      if (stream) return streamToCaller(call, forward, anthropicSseEncoder(), renderAnthropicError);

      const { text, json: upstreamJson } = await readUpstreamJson(forward, publicId);
      accounting.markFirstByte();
      if (adapter === 'anthropic-messages') {
        // Already the caller's format: the upstream's bytes go back untouched.
        accounting.addUsage(
          usageFromAnthropicMessage(upstreamJson as AnthropicMessage, forward.response.headers),
        );
        accounting.finish(200);
        headers.set('content-type', 'application/json');
        return new Response(text, { status: 200, headers });
      }
      const options = { model: publicId, id: `msg_${accounting.requestId}` };
      const message: AnthropicMessage =
        adapter === 'bedrock-converse'
          ? convertConverseResponseToAnthropic(upstreamJson as never, options)
          : convertOpenAiResponseToAnthropic(upstreamJson as never, options);
      accounting.addUsage(usageFromAnthropicMessage(message, forward.response.headers));
      accounting.finish(200);
      return Response.json(message, { status: 200, headers });
    },
  });
}
