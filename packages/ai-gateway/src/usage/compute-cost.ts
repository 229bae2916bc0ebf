import type { CustomLlmPricing } from '../definition/custom-llm-definition-schema';
import type { TokenUsage } from './usage-record';

const perToken = (price: string | number | undefined): number =>
  price === undefined ? 0 : typeof price === 'number' ? price : Number.parseFloat(price);

/** Cost in dollars from the definition's per-token prices; undefined when it has no pricing. */
export function computeCostUsd(pricing: CustomLlmPricing | undefined, usage: TokenUsage): number | undefined {
  if (pricing === undefined) return undefined;
  const prompt = perToken(pricing.prompt);
  const cost =
    usage.input_tokens * prompt +
    usage.output_tokens * perToken(pricing.completion) +
    usage.cache_read_input_tokens *
      (pricing.input_cache_read === undefined ? prompt : perToken(pricing.input_cache_read)) +
    usage.cache_creation_input_tokens *
      (pricing.input_cache_write === undefined ? prompt : perToken(pricing.input_cache_write));
  return Math.round(cost * 1e9) / 1e9;
}
