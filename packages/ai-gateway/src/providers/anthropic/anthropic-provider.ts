import { modelCapabilities } from '../../models/model-capabilities';
import { thinkingSignatureFamily } from '../../models/thinking-signature-family';
import { applyDefinitionTransforms } from '../../pipeline/apply-definition-transforms';
import { mapUpstreamHttpError } from '../../pipeline/map-upstream-http-error';
import { trimTrailingSlash } from '../openai/openai-compatible-provider';
import type { Provider } from '../types';
import { decodeAnthropicCountTokens, toAnthropicCountBody } from './anthropic-count-tokens';
import { decodeAnthropicMessage } from './decode-anthropic-message';
import { decodeAnthropicSse } from './decode-anthropic-sse';

/** https://docs.anthropic.com/en/api/versioning */
export const ANTHROPIC_API_VERSION = '2023-06-01';

/**
 * The Anthropic API: `<base_url>/v1/messages` (base_url may already end in `/v1`), auth with
 * `x-api-key` and `anthropic-version` instead of Bearer; betas as the `anthropic-beta` header.
 */
export const anthropicProvider: Provider = {
  id: 'anthropic',
  ownedBy: 'anthropic',
  hostPolicy: 'any',
  forwardedCallerHeaders: ['anthropic-beta'],
  chatFormat: () => 'anthropic-messages',
  capabilities: modelCapabilities,
  thinkingSignatureFamily: (definition) => thinkingSignatureFamily('anthropic', definition),
  encodeChatRequest: (request) => request as Record<string, unknown>,
  url: ({ definition, operation }) => {
    const base = trimTrailingSlash(definition.base_url ?? 'https://api.anthropic.com');
    const messages = base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`;
    return operation === 'count_tokens' ? `${messages}/count_tokens` : messages;
  },
  // `role: "system"` messages pass as sent: the Anthropic API is Claude Code's own upstream and takes
  // them where they stand (moving them would change the cached prompt prefix).
  finalizeBody: (body, { definition, stream, operation }) => {
    const transformed = { ...applyDefinitionTransforms(body, definition), model: definition.internal_id };
    return operation === 'count_tokens' ? toAnthropicCountBody(transformed) : { ...transformed, stream };
  },
  // The Anthropic API runs every tool type it documents, server tools included.
  acceptsToolType: () => true,
  countTokens: { decode: decodeAnthropicCountTokens },
  authorize: async (request, { definition }) => {
    const headers: Record<string, string> = {
      ...request.headers,
      'anthropic-version': ANTHROPIC_API_VERSION,
    };
    const apiKey = definition.api_key?.trim();
    if (apiKey) headers['x-api-key'] = apiKey;
    return { ...request, headers };
  },
  mapHttpError: (status, headers, bodyText, { label }) =>
    mapUpstreamHttpError(status, headers, bodyText, label),
  decodeChatResponse: (json, _definition, context) => decodeAnthropicMessage(json, context),
  decodeChatStream: (chunks, _definition, context) =>
    decodeAnthropicSse(chunks, context.label, context.maxEventBytes),
};
