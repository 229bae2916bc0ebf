import type { CustomLlmPricing } from '@gateway/ai-gateway';
import type { Spend } from './budget-windows';
import type { UsageRecord } from './core-contract';

const perToken = (price: string | number | undefined): number =>
  price === undefined ? 0 : typeof price === 'number' ? price : Number.parseFloat(price);

/**
 * What a request may cost before it runs: its token estimate at the dearer of the input and
 * output prices (an upper bound, released at settlement). Unpriced models cost 0.
 */
export function estimateSpend(estimatedTokens: number, pricing: CustomLlmPricing | undefined): Spend {
  if (pricing === undefined) return { tokens: estimatedTokens, usd: 0 };
  const dearest = Math.max(perToken(pricing.prompt), perToken(pricing.completion));
  return { tokens: estimatedTokens, usd: estimatedTokens * dearest };
}

export function totalTokens(record: Pick<UsageRecord, 'usage'>): number {
  const { input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens } = record.usage;
  return input_tokens + output_tokens + cache_read_input_tokens + cache_creation_input_tokens;
}

/** What a finished request used (cost as the core computed it; unpriced = 0). */
export function actualSpend(record: Pick<UsageRecord, 'usage' | 'costUsd'>): Spend {
  return { tokens: totalTokens(record), usd: record.costUsd ?? 0 };
}
