import type { AdmissionRequest, CallerKey, UsageRecord } from '@gateway/ai-gateway';
import { type Database, listActiveApiKeys, tokensUsedSince } from '@gateway/db';
import type { Logger } from '../logger';
import { createAdmitCaller } from './create-admit-caller';
import { MonthlyTokenBudgets } from './monthly-token-budgets';
import { createTokenBucketLimiter } from './token-bucket-limiter';

export type Admission = {
  admitCaller: (caller: CallerKey, request: AdmissionRequest) => Promise<undefined>;
  /** Feed every finished request here so budgets count usage not yet written. */
  recordUsage: (record: UsageRecord) => void;
  /** Re-reads the keys' budgets (on start-up and on api_keys change notices). */
  reloadBudgets: () => Promise<void>;
};

/** Wires rate limit and budgets to the database and the usage writer. */
export function createAdmission(options: {
  database: Database;
  flushUsage: () => Promise<void>;
  /** GATEWAY_RATE_LIMIT_PER_MINUTE; 0 = no rate limit. */
  rateLimitPerMinute: number;
  budgetRefreshMs?: number;
  logger: Logger;
  now: () => Date;
}): Admission {
  const { database, logger, now } = options;
  const budgets = new MonthlyTokenBudgets({
    loadBudgets: async () => {
      const budgetsByKey = new Map<string, number>();
      for (const row of await listActiveApiKeys(database)) {
        if (row.monthly_token_budget !== null) budgetsByKey.set(row.id, row.monthly_token_budget);
      }
      return budgetsByKey;
    },
    tokensUsedSince: (keyId, since) => tokensUsedSince(database, keyId, since),
    flushUsage: options.flushUsage,
    now,
    ...(options.budgetRefreshMs === undefined ? {} : { refreshAfterMs: options.budgetRefreshMs }),
    onError: (error, keyId) =>
      logger.warn({ keyId, err: (error as Error).message }, 'could not refresh a key budget count'),
  });
  const rateLimiter =
    options.rateLimitPerMinute > 0
      ? createTokenBucketLimiter({ perMinute: options.rateLimitPerMinute, now: () => now().getTime() })
      : undefined;
  return {
    admitCaller: createAdmitCaller({ rateLimiter, budgets }),
    recordUsage: (record) => budgets.recordUsage(record),
    reloadBudgets: () => budgets.reloadBudgets(),
  };
}
