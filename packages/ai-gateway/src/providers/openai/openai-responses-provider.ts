import { GatewayError } from '../../errors/gateway-error';
import { applyDefinitionTransforms } from '../../pipeline/apply-definition-transforms';
import type { Provider } from '../types';
import { openAiCompatibleProvider, trimTrailingSlash } from './openai-compatible-provider';
import { openAiResponsesSupport } from './openai-responses-relay';

/**
 * An OpenAI-compatible upstream whose definition says `api_adapter: "openai-responses"`: it
 * answers `<base_url>/responses` (OpenAI itself, Azure OpenAI's v1 API, vLLM, …), so
 * `/v1/responses` passes the caller's body through. The chat routes answer a 400 that says where
 * to go instead: translating Chat Completions and Messages into Responses would be a second
 * converter for a case the caller can avoid by calling `/v1/responses` (or by another definition
 * for the same upstream with `openai-completions`).
 */
export const openAiResponsesProvider: Provider = {
  ...openAiCompatibleProvider,
  chatFormat: () => 'openai-responses',
  encodeChatRequest: () => {
    throw new GatewayError({
      code: 'invalid_request',
      status: 400,
      param: 'model',
      message:
        'This model is configured for the OpenAI Responses API only (api_adapter "openai-responses"): call /v1/responses with it.',
    });
  },
  url: (context) =>
    context.operation === 'responses'
      ? `${trimTrailingSlash(context.definition.base_url ?? '')}/responses`
      : openAiCompatibleProvider.url(context),
  finalizeBody: (body, context) => {
    if (context.operation !== 'responses') return openAiCompatibleProvider.finalizeBody(body, context);
    const result = applyDefinitionTransforms(body, context.definition);
    result.model = context.definition.internal_id;
    // `stream` as the caller sent it (remove_from_body may have removed it); no `stream_options`
    // is added: the Responses stream always ends with the usage in `response.completed`.
    if (context.stream) result.stream = true;
    else delete result.stream;
    return result;
  },
  responses: openAiResponsesSupport,
};
