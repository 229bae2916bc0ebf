import { type AdmissionRequest, type CallerKey, GatewayError } from '@gateway/ai-gateway';
import type { MonthlyTokenBudgets } from './monthly-token-budgets';
import type { TokenBucketLimiter } from './token-bucket-limiter';

/**
 * The core's `admitCaller`: per-key rate limit, then the monthly token budget. Model permissions
 * (`allowed_models`) are checked by the core before this runs.
 */
export function createAdmitCaller(options: {
  rateLimiter: TokenBucketLimiter | undefined;
  budgets: MonthlyTokenBudgets;
}): (caller: CallerKey, request: AdmissionRequest) => Promise<undefined> {
  return async (caller) => {
    const taken = options.rateLimiter?.take(caller.id);
    if (taken && !taken.ok) {
      throw new GatewayError({
        code: 'rate_limited',
        status: 429,
        retryable: true,
        retryAfterSeconds: taken.retryAfterSeconds,
        message: `This API key is sending requests faster than this gateway allows; retry in ${taken.retryAfterSeconds} s.`,
      });
    }
    const state = await options.budgets.stateOf(caller.id);
    if (state !== undefined && state.used >= state.budget) {
      throw new GatewayError({
        code: 'budget_exceeded',
        status: 429,
        retryAfterSeconds: state.secondsUntilReset,
        message: `This API key has used its monthly token budget (${state.used} of ${state.budget} tokens); it resets on ${state.resetsAt.toISOString().slice(0, 10)} (UTC). An admin can raise the budget.`,
      });
    }
    return undefined;
  };
}
