import type { AnthropicUsage } from './anthropic-types';
import type { OpenAiUsage } from './openai-types';

/**
 * Anthropic counts cached prompt tokens apart from `input_tokens`; OpenAI's `prompt_tokens` holds
 * them all, with the cache reads repeated in `prompt_tokens_details.cached_tokens`.
 */
export function mapAnthropicUsageToOpenAi(usage: Partial<AnthropicUsage>): OpenAiUsage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const promptTokens = (usage.input_tokens ?? 0) + cacheRead + (usage.cache_creation_input_tokens ?? 0);
  const completionTokens = usage.output_tokens ?? 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cacheRead },
  };
}

/** The inverse: OpenAI's cached tokens are reads (OpenAI does not report cache writes). */
export function mapOpenAiUsageToAnthropic(
  usage:
    | {
        prompt_tokens?: number;
        completion_tokens?: number;
        prompt_tokens_details?: { cached_tokens?: number | null | undefined } | null;
      }
    | null
    | undefined,
): AnthropicUsage {
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
    output_tokens: usage?.completion_tokens ?? 0,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: 0,
  };
}
