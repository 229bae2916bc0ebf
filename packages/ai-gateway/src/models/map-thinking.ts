import type { ThinkingSupport } from './model-capabilities';

/** Budgets an effort level maps to when a model takes only `budget_tokens` (the OpenAI route uses them too). */
export const EFFORT_BUDGETS: Readonly<Record<string, number>> = {
  low: 1024,
  medium: 4096,
  high: 16384,
  max: 32768,
};

/** Anthropic's smallest thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

/**
 * A caller's `thinking` as a model can take it (Anthropic's "Extended thinking" and "Adaptive
 * thinking" pages): kept where the model supports it; `adaptive` on a budget-only model (Claude
 * 3.7 – 4.5) becomes `enabled` with the budget of `output_config.effort` (high when unset), capped
 * below `max_tokens` (thinking counts against it); dropped on a model without thinking, or when
 * `max_tokens` leaves no room for the minimum budget. Returns undefined to mean "leave it out".
 */
export function mapThinking(
  thinking: unknown,
  options: { support: ThinkingSupport; effort: unknown; maxTokens: unknown },
): Record<string, unknown> | undefined {
  if (thinking === null || typeof thinking !== 'object') return undefined;
  const config = thinking as Record<string, unknown>;
  if (config.type === 'disabled') return config;
  if (options.support === 'none') return undefined;
  if (config.type !== 'adaptive' || options.support === 'adaptive') return config;
  const wanted = EFFORT_BUDGETS[typeof options.effort === 'string' ? options.effort : 'high'] ?? 16384;
  const maxTokens = typeof options.maxTokens === 'number' ? options.maxTokens : 0;
  const budget = Math.min(wanted, maxTokens - 1);
  if (budget < MIN_THINKING_BUDGET) return undefined;
  return { type: 'enabled', budget_tokens: budget };
}
