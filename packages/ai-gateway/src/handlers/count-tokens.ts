import { renderAnthropicError } from '../errors/render-anthropic-error';
import { parseAnthropicCountTokensRequest } from '../translate/anthropic-types';
import { invalidRequest } from '../translate/request-errors';
import { parseUpstreamJson } from '../upstream-answers/parse-upstream-answer';
import { type CoreContext, createEndpointHandler } from './create-endpoint-handler';
import { messagesBodyFor } from './messages';

/**
 * `POST /v1/messages/count_tokens` (https://docs.anthropic.com/en/api/messages-count-tokens): the
 * Messages body (no `max_tokens` needed) -> `{"input_tokens": n}`, counted by the upstream
 * (`provider.countTokens`: Bedrock CountTokens, the Anthropic API's own endpoint). An upstream
 * that cannot count is a 400 naming the model.
 */
export function createCountTokensHandler(core: CoreContext) {
  return createEndpointHandler({
    core,
    endpoint: 'count_tokens',
    parse: parseAnthropicCountTokensRequest,
    renderError: renderAnthropicError,
    handle: async (call) => {
      const counter = call.upstreams[0]?.provider.countTokens;
      if (counter === undefined) {
        throw invalidRequest(
          `Token counting is not available for the model '${call.resolved.publicId}'.`,
          'model',
        );
      }
      const answer = await call.send(messagesBodyFor(core, call), { operation: 'count_tokens' });
      const label = call.resolved.publicId;
      const inputTokens = counter.decode(parseUpstreamJson(await answer.text(), label), { label });
      call.accounting.markFirstByte();
      return Response.json({ input_tokens: inputTokens }, { status: 200, headers: call.headers });
    },
  });
}
