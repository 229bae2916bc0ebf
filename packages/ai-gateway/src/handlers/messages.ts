import { renderAnthropicError } from '../errors/render-anthropic-error';
import { InMemoryResponse, jsonResponse } from '../http/in-memory-response';
import { anthropicSseEncoder } from '../pipeline/stream-encoders';
import type { Upstream } from '../providers/types';
import { type AnthropicMessagesRequest, parseAnthropicMessagesRequest } from '../translate/anthropic-types';
import { dropServerToolsFromMessagesBody } from '../translate/drop-unavailable-server-tools';
import { toTokenUsage } from '../usage/usage-record';
import { type CoreContext, createEndpointHandler, type IncomingCall } from './create-endpoint-handler';
import { streamToCaller } from './stream-to-caller';

/** The caller's wire format on this endpoint. */
const CALLER_FORMAT = 'anthropic-messages';

const speaksCallerFormat = (upstream: Upstream) =>
  upstream.provider.chatFormat(upstream.definition) === CALLER_FORMAT;

/** Response header naming the typed tools left out because the upstream cannot run them. */
export const DROPPED_TOOLS_HEADER = 'x-gateway-dropped-tools';

/**
 * The body for one upstream in its format (same format: the caller's body as it came, the provider
 * adds its own rules; otherwise the pivot encoded by the provider), without the typed tools that
 * upstream cannot run (named in `x-gateway-dropped-tools`). Shared with count_tokens.
 */
export function messagesBodyFor(core: CoreContext, call: IncomingCall<AnthropicMessagesRequest>) {
  return (upstream: Upstream): Record<string, unknown> => {
    const { provider, definition } = upstream;
    const source = speaksCallerFormat(upstream) ? call.json : call.parsed;
    const { body, dropped } = dropServerToolsFromMessagesBody(
      source,
      (type) => provider.acceptsToolType?.(type, definition) ?? false,
    );
    if (dropped.length > 0) {
      call.headers.set(DROPPED_TOOLS_HEADER, dropped.join(', '));
      core.deps.logger?.debug?.(
        { requestId: call.accounting.requestId, model: call.resolved.publicId, tools: dropped },
        'tools the upstream cannot run were left out',
      );
    } else call.headers.delete(DROPPED_TOOLS_HEADER);
    return speaksCallerFormat(upstream)
      ? body
      : provider.encodeChatRequest(body as AnthropicMessagesRequest, definition);
  };
}

/** `POST /v1/messages`: Anthropic Messages in, whatever the upstream speaks. */
export function createMessagesHandler(core: CoreContext) {
  return createEndpointHandler({
    core,
    endpoint: 'messages',
    parse: parseAnthropicMessagesRequest,
    renderError: renderAnthropicError,
    handle: async (call) => {
      const { accounting, headers } = call;
      const answer = await call.send(messagesBodyFor(core, call));
      if (call.stream) return streamToCaller(call, answer, anthropicSseEncoder(), renderAnthropicError);

      const { text, message } = await answer.message();
      accounting.addUsage(toTokenUsage(message.usage));
      accounting.setFinishReason(message.stop_reason);
      accounting.markFirstByte();
      if (speaksCallerFormat(answer.upstream)) {
        // Already the caller's format, and checked: the upstream's bytes go back untouched.
        headers.set('content-type', 'application/json');
        return new InMemoryResponse(text, { status: 200, headers });
      }
      return jsonResponse(message, { status: 200, headers });
    },
  });
}
