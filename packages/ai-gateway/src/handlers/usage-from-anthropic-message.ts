import type { AnthropicMessage } from '../translate';
import type { TokenUsage } from '../usage/usage-record';

/**
 * Usage of a non-streaming Anthropic message. Bedrock also reports the counts in
 * `x-amzn-bedrock-*-token-count` headers; those win if the body has none.
 */
export function usageFromAnthropicMessage(message: AnthropicMessage, headers: Headers): TokenUsage {
  const usage = (message as { usage?: Partial<TokenUsage> }).usage ?? {};
  const header = (name: string) => Number(headers.get(`x-amzn-bedrock-${name}`) ?? 0) || 0;
  return {
    input_tokens: usage.input_tokens || header('input-token-count'),
    output_tokens: usage.output_tokens || header('output-token-count'),
    cache_read_input_tokens: usage.cache_read_input_tokens || header('cache-read-input-token-count'),
    cache_creation_input_tokens: usage.cache_creation_input_tokens || header('cache-write-input-token-count'),
  };
}
