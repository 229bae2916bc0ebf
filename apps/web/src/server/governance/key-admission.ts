import type { CallerKey } from '@gateway/ai-gateway';
import type { BudgetWindows, Spend } from './budget-windows';
import type { AdmissionRequest, AdmissionTicket, AdmitCaller, UsageRecord } from './core-contract';
import { actualSpend, estimateSpend } from './estimate-spend';
import type { KeyLimits } from './key-limits';
import { limitError } from './limit-error';
import type { CounterFactory, CounterReading } from './shared-counters';

export type LimitName = 'rpm' | 'tpm' | 'max_concurrent' | 'monthly_tokens' | 'monthly_usd' | 'daily_usd';

export type KeyAdmissionOptions = {
  /** The key's limits (undefined = none). */
  limitsOf: (keyId: string) => KeyLimits | undefined;
  /** GATEWAY_RATE_LIMIT_PER_MINUTE: the rpm of keys without their own (0 = none). */
  defaultRpm: number;
  counters: CounterFactory;
  budgets: BudgetWindows;
  onRejected?: (limit: LimitName) => void;
};

/** In-flight slots expire after this if an instance dies holding them (see README). */
const CONCURRENCY_WINDOW_SECONDS = 900;

const seconds = (milliseconds: number) => Math.max(1, Math.ceil(milliseconds / 1000));

/**
 * The core's `admitCaller`: per-key `max_concurrent`, `rpm`, `tpm` (the estimate reserved now,
 * corrected at settlement) and the monthly/daily budgets (with in-flight reservations). A key
 * with no limit at all gets no ticket and costs one map lookup. A counter store that is down
 * skips its check (fail open).
 */
export function createKeyAdmission(options: KeyAdmissionOptions): AdmitCaller {
  const concurrency = options.counters('concurrent', CONCURRENCY_WINDOW_SECONDS);
  const requests = options.counters('rpm', 60);
  const tokens = options.counters('tpm', 60);
  const budgets = options.budgets;

  return async (caller: CallerKey, request: AdmissionRequest): Promise<AdmissionTicket | undefined> => {
    const limits = options.limitsOf(caller.id) ?? {};
    const rpm = limits.rpm ?? (options.defaultRpm > 0 ? options.defaultRpm : undefined);
    const { tpm, max_concurrent: maxConcurrent } = limits;
    const budgeted =
      limits.monthly_tokens !== undefined ||
      limits.monthly_usd !== undefined ||
      limits.daily_usd !== undefined;
    if (rpm === undefined && tpm === undefined && maxConcurrent === undefined && !budgeted) return undefined;

    const key = caller.id;
    const estimate = Math.max(0, Math.floor(request.estimatedTokens));
    const undo: (() => Promise<void>)[] = [];
    const headers: Record<string, string> = {};
    const refuse = async (limit: LimitName, error: Error): Promise<never> => {
      await Promise.all(undo.map((step) => step()));
      options.onRejected?.(limit);
      throw error;
    };

    let heldSlot = false;
    if (maxConcurrent !== undefined) {
      const reading = await concurrency.add(key, 1);
      if (reading !== 'unavailable') {
        heldSlot = true;
        undo.push(() => concurrency.subtract(key, 1));
        if (reading.consumed > maxConcurrent) {
          await refuse(
            'max_concurrent',
            limitError({
              code: 'rate_limit_exceeded',
              retryAfterSeconds: 1,
              headers: { ...headers },
              message: `This API key already has ${maxConcurrent} requests in flight, its limit; retry when one finishes.`,
            }),
          );
        }
      }
    }

    if (rpm !== undefined) {
      const reading = await requests.add(key, 1);
      if (reading !== 'unavailable') {
        undo.push(() => requests.subtract(key, 1));
        headers['x-ratelimit-limit-requests'] = String(rpm);
        headers['x-ratelimit-remaining-requests'] = String(Math.max(0, rpm - reading.consumed));
        headers['x-ratelimit-reset-requests'] = `${seconds(reading.msBeforeReset)}s`;
        if (reading.consumed > rpm) {
          await refuse(
            'rpm',
            limitError({
              code: 'rate_limit_exceeded',
              retryAfterSeconds: seconds(reading.msBeforeReset),
              headers: { ...headers, 'x-ratelimit-remaining-requests': '0' },
              message: `This API key is limited to ${rpm} requests per minute; retry in ${seconds(reading.msBeforeReset)} s.`,
            }),
          );
        }
      }
    }

    let heldTokens = 0;
    if (tpm !== undefined) {
      const reading: CounterReading = await tokens.add(key, estimate);
      if (reading !== 'unavailable') {
        heldTokens = estimate;
        undo.push(() => tokens.subtract(key, estimate));
        headers['x-ratelimit-limit-tokens'] = String(tpm);
        headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, tpm - reading.consumed));
        headers['x-ratelimit-reset-tokens'] = `${seconds(reading.msBeforeReset)}s`;
        const before = reading.consumed - estimate;
        // A single request larger than the whole limit still runs in an empty window.
        if (before >= tpm || (reading.consumed > tpm && before > 0)) {
          await refuse(
            'tpm',
            limitError({
              code: 'rate_limit_exceeded',
              retryAfterSeconds: seconds(reading.msBeforeReset),
              headers: { ...headers, 'x-ratelimit-remaining-tokens': '0' },
              message: `This API key is limited to ${tpm} tokens per minute (${before} used, about ${estimate} requested); retry in ${seconds(reading.msBeforeReset)} s.`,
            }),
          );
        }
      }
    }

    const reservation = budgeted ? estimateSpend(estimate, request.pricing) : undefined;
    if (reservation) {
      const refusal = await checkBudgets(budgets, key, limits, reservation);
      if (refusal) await refuse(refusal.limit, limitError({ ...refusal, code: 'budget_exceeded', headers }));
      budgets.reserve(key, reservation);
    }

    let settled = false;
    return {
      ...(Object.keys(headers).length ? { headers } : {}),
      settle(record: UsageRecord) {
        if (settled) return;
        settled = true;
        const used = actualSpend(record);
        if (heldSlot) void concurrency.subtract(key, 1);
        if (tpm !== undefined && heldTokens !== used.tokens) {
          void (used.tokens > heldTokens
            ? tokens.add(key, used.tokens - heldTokens)
            : tokens.subtract(key, heldTokens - used.tokens));
        }
        if (reservation) budgets.settle(key, reservation, used);
      },
    };
  };
}

async function checkBudgets(
  budgets: BudgetWindows,
  keyId: string,
  limits: KeyLimits,
  reservation: Spend,
): Promise<{ limit: LimitName; message: string; retryAfterSeconds: number } | undefined> {
  const checks: {
    limit: LimitName;
    window: 'month' | 'day';
    unit: 'tokens' | 'usd';
    cap: number | undefined;
  }[] = [
    { limit: 'monthly_tokens', window: 'month', unit: 'tokens', cap: limits.monthly_tokens },
    { limit: 'monthly_usd', window: 'month', unit: 'usd', cap: limits.monthly_usd },
    { limit: 'daily_usd', window: 'day', unit: 'usd', cap: limits.daily_usd },
  ];
  for (const check of checks) {
    if (check.cap === undefined) continue;
    const state = await budgets.stateOf(keyId, check.window);
    if (state === undefined) continue;
    const used = state.used[check.unit];
    const wanted = reservation[check.unit];
    if (used >= check.cap || used + wanted > check.cap) {
      const amount = (value: number) =>
        check.unit === 'usd' ? `$${value.toFixed(4)}` : `${Math.round(value)} tokens`;
      const budget = `${check.window === 'month' ? 'monthly' : 'daily'} ${check.unit === 'usd' ? 'dollar' : 'token'} budget`;
      const reached =
        used >= check.cap
          ? `has used its ${budget} (${check.unit === 'usd' ? `${amount(used)} of ${amount(check.cap)}` : `${Math.round(used)} of ${check.cap} tokens`})`
          : `would pass its ${budget}: ${amount(used)} of ${amount(check.cap)} used or held by requests in flight, and this one may need ${amount(wanted)}`;
      const resets = state.resetsAt.toISOString().slice(0, 10);
      return {
        limit: check.limit,
        retryAfterSeconds: state.secondsUntilReset,
        message: `This API key ${reached}; it resets on ${resets} (UTC). An admin can raise the limit.`,
      };
    }
  }
  return undefined;
}
