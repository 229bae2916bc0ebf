import type { AnthropicUsage } from '../translate/anthropic-types';

/**
 * Usage of a whole answer. Bedrock also reports the counts in `x-amzn-bedrock-*-token-count`
 * headers; those fill in what the body lacks.
 */
export function usageWithHeaderFallback(
  usage: Partial<AnthropicUsage> | undefined,
  headers: Headers,
): AnthropicUsage {
  const header = (name: string) => Number(headers.get(`x-amzn-bedrock-${name}`) ?? 0) || 0;
  return {
    input_tokens: usage?.input_tokens || header('input-token-count'),
    output_tokens: usage?.output_tokens || header('output-token-count'),
    cache_read_input_tokens: usage?.cache_read_input_tokens || header('cache-read-input-token-count'),
    cache_creation_input_tokens:
      usage?.cache_creation_input_tokens || header('cache-write-input-token-count'),
  };
}
