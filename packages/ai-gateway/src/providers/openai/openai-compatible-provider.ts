import { modelCapabilities } from '../../models/model-capabilities';
import { applyDefinitionTransforms } from '../../pipeline/apply-definition-transforms';
import { mapUpstreamHttpError } from '../../pipeline/map-upstream-http-error';
import { convertAnthropicRequestToOpenAi } from '../../translate/convert-anthropic-request-to-openai';
import { convertOpenAiResponseToAnthropic } from '../../translate/convert-openai-response-to-anthropic';
import type { OpenAiChatCompletion } from '../../translate/openai-types';
import { parseUpstreamAnswer } from '../../upstream-answers/parse-upstream-answer';
import { OpenAiChatCompletionAnswerSchema } from '../../upstream-answers/upstream-answer-schemas';
import type { Provider } from '../types';
import { decodeOpenAiSse } from './decode-openai-sse';
import { openAiEmbeddings } from './openai-embeddings';

export function trimTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/**
 * OpenAI-compatible upstreams (OpenAI, vLLM, Ollama, OpenRouter, …) are pure configuration:
 * `<base_url>/chat/completions`, `Authorization: Bearer <api_key>` only when a key is set.
 */
export const openAiCompatibleProvider: Provider = {
  id: 'openai-compatible',
  ownedBy: 'custom',
  hostPolicy: 'any',
  forwardedCallerHeaders: ['openai-beta'],
  chatFormat: () => 'openai-chat',
  capabilities: modelCapabilities,
  // OpenAI-compatible chat cannot take signed thinking back: its answers bind to this model only.
  thinkingSignatureFamily: (definition) => `openai-compatible:${definition.internal_id}`,
  encodeChatRequest: (request, definition) =>
    convertAnthropicRequestToOpenAi(request, { definition }) as Record<string, unknown>,
  url: ({ definition, operation }) =>
    `${trimTrailingSlash(definition.base_url ?? '')}/${operation === 'embeddings' ? 'embeddings' : 'chat/completions'}`,
  finalizeBody: (body, { definition, stream }) => {
    const result = applyDefinitionTransforms(body, definition);
    result.model = definition.internal_id;
    if (stream) {
      // Streams always ask for the usage chunk, so accounting is never 0 (the OpenAI route drops
      // it again on the way out when its caller did not ask for it).
      result.stream = true;
      result.stream_options = { ...(result.stream_options as object | undefined), include_usage: true };
    }
    return result;
  },
  authorize: async (request, { definition }) => {
    const apiKey = definition.api_key?.trim();
    return apiKey
      ? { ...request, headers: { ...request.headers, authorization: `Bearer ${apiKey}` } }
      : request;
  },
  mapHttpError: (status, headers, bodyText, { label }) =>
    mapUpstreamHttpError(status, headers, bodyText, label),
  decodeChatResponse: (json, _definition, context) => {
    const completion = parseUpstreamAnswer(OpenAiChatCompletionAnswerSchema, json, context.label);
    return convertOpenAiResponseToAnthropic(completion as unknown as OpenAiChatCompletion, {
      model: context.model,
      id: context.messageId,
    });
  },
  decodeChatStream: (chunks, _definition, context) => decodeOpenAiSse(chunks, context),
  embeddings: openAiEmbeddings,
};
