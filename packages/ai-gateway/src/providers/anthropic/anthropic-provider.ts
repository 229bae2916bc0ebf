import { trimTrailingSlash } from '../openai/openai-compatible-provider';
import type { Provider } from '../types';

/** https://docs.anthropic.com/en/api/versioning */
export const ANTHROPIC_API_VERSION = '2023-06-01';

/**
 * The Anthropic API: `<base_url>/v1/messages` (base_url may already end in `/v1`), auth with
 * `x-api-key` and `anthropic-version` instead of Bearer.
 */
export const anthropicProvider: Provider = {
  id: 'anthropic',
  buildUrl: ({ definition }) => {
    const base = trimTrailingSlash(definition.base_url ?? 'https://api.anthropic.com');
    return base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`;
  },
  finalizeBody: (body, { definition, stream }) => ({ ...body, model: definition.internal_id, stream }),
  signRequest: async (request, { definition }) => {
    const headers: Record<string, string> = {
      ...request.headers,
      'anthropic-version': ANTHROPIC_API_VERSION,
    };
    const apiKey = definition.api_key?.trim();
    if (apiKey) headers['x-api-key'] = apiKey;
    return { ...request, headers };
  },
};
