import type { Provider } from '../types';

/** OpenAI-compatible upstreams are pure configuration: `<base_url>/chat/completions` with Bearer auth. */
export const openAiCompatibleProvider: Provider = {
  id: 'openai-compatible',
  buildUrl: ({ definition }) => `${trimTrailingSlash(definition.base_url ?? '')}/chat/completions`,
};

export function trimTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
