import { renderAnthropicError } from '../errors/render-anthropic-error';
import { anthropicSseEncoder } from '../pipeline/stream-encoders';
import type { Upstream } from '../providers/types';
import { parseAnthropicMessagesRequest } from '../translate/anthropic-types';
import { toTokenUsage } from '../usage/usage-record';
import { type CoreContext, createEndpointHandler } from './create-endpoint-handler';
import { streamToCaller } from './stream-to-caller';

/** The caller's wire format on this endpoint. */
const CALLER_FORMAT = 'anthropic-messages';

const speaksCallerFormat = (upstream: Upstream) =>
  upstream.provider.chatFormat(upstream.definition) === CALLER_FORMAT;

/** `POST /v1/messages`: Anthropic Messages in, whatever the upstream speaks. */
export function createMessagesHandler(core: CoreContext) {
  return createEndpointHandler({
    core,
    endpoint: 'messages',
    parse: parseAnthropicMessagesRequest,
    renderError: renderAnthropicError,
    handle: async (call) => {
      const { parsed, accounting, headers } = call;
      const answer = await call.send((upstream) =>
        // Same format (the Anthropic API, Claude on Bedrock invoke): the caller's body goes up as
        // it came; otherwise the provider encodes the pivot (which this request already is).
        speaksCallerFormat(upstream)
          ? call.json
          : upstream.provider.encodeChatRequest(parsed, upstream.definition),
      );
      if (call.stream) return streamToCaller(call, answer, anthropicSseEncoder(), renderAnthropicError);

      const { text, message } = await answer.message();
      accounting.addUsage(toTokenUsage(message.usage));
      accounting.setFinishReason(message.stop_reason);
      accounting.markFirstByte();
      if (speaksCallerFormat(answer.upstream)) {
        // Already the caller's format, and checked: the upstream's bytes go back untouched.
        headers.set('content-type', 'application/json');
        return new Response(text, { status: 200, headers });
      }
      return Response.json(message, { status: 200, headers });
    },
  });
}
