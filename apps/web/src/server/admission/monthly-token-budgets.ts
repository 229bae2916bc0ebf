import type { UsageRecord } from '@gateway/ai-gateway';

export type MonthlyTokenBudgetsOptions = {
  /** Every active key's budget (keys without one are absent). */
  loadBudgets: () => Promise<ReadonlyMap<string, number>>;
  /** Tokens recorded in the database for this key since `since`. */
  tokensUsedSince: (keyId: string, since: Date) => Promise<number>;
  /** Writes queued usage records, so a fresh count includes them. */
  flushUsage: () => Promise<void>;
  now: () => Date;
  /** How old a key's count may get before a background refresh. */
  refreshAfterMs?: number;
  /** How long a key's first request of the month may wait for its count (database unreachable). */
  firstLoadTimeoutMs?: number;
  onError?: (error: unknown, keyId: string) => void;
};

type KeyUsage = {
  /** UTC start of the month this count is for. */
  monthStart: number;
  /** From the database at the last refresh. */
  stored: number;
  /** Recorded by this instance since that refresh started (not yet counted in `stored`). */
  local: number;
  fetchedAt: number;
  refreshing: Promise<void> | undefined;
};

export type BudgetState = { budget: number; used: number; resetsAt: Date; secondsUntilReset: number };

/**
 * Monthly token budgets per caller key. A key's count for the calendar month (UTC) comes from the
 * usage table, cached per key and refreshed in the background once it is older than
 * `refreshAfterMs`; usage this instance records meanwhile is added on top, so a key cannot race
 * past its budget between two refreshes. Only the first request of a key in a month waits for the
 * database; if it is down then, the request is let through (the budget is not a security boundary).
 */
export class MonthlyTokenBudgets {
  private budgets: ReadonlyMap<string, number> = new Map();
  private readonly usage = new Map<string, KeyUsage>();
  private readonly refreshAfterMs: number;
  private readonly firstLoadTimeoutMs: number;

  constructor(private readonly options: MonthlyTokenBudgetsOptions) {
    this.refreshAfterMs = options.refreshAfterMs ?? 30_000;
    this.firstLoadTimeoutMs = options.firstLoadTimeoutMs ?? 2_000;
  }

  async reloadBudgets(): Promise<void> {
    this.budgets = await this.options.loadBudgets();
  }

  /** Counts a finished request's tokens (the runtime's `recordUsage` calls this). */
  recordUsage(record: UsageRecord): void {
    if (record.apiKeyId === undefined) return;
    const entry = this.usage.get(record.apiKeyId);
    if (entry === undefined) return;
    const { input_tokens, output_tokens, cache_read_input_tokens, cache_creation_input_tokens } =
      record.usage;
    entry.local += input_tokens + output_tokens + cache_read_input_tokens + cache_creation_input_tokens;
  }

  /** The key's budget state, or undefined when it has no budget (or its count is unknown). */
  async stateOf(keyId: string): Promise<BudgetState | undefined> {
    const budget = this.budgets.get(keyId);
    if (budget === undefined) return undefined;
    const now = this.options.now();
    const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    let entry = this.usage.get(keyId);
    if (entry === undefined || entry.monthStart !== monthStart) {
      entry = { monthStart, stored: 0, local: 0, fetchedAt: 0, refreshing: undefined };
      this.usage.set(keyId, entry);
      await withTimeout(this.refresh(keyId, entry), this.firstLoadTimeoutMs);
    } else if (now.getTime() - entry.fetchedAt > this.refreshAfterMs) {
      void this.refresh(keyId, entry);
    }
    // Never counted yet (database unreachable so far): let the request through.
    if (entry.fetchedAt === 0) return undefined;
    const resetsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const secondsUntilReset = Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000));
    return { budget, used: entry.stored + entry.local, resetsAt, secondsUntilReset };
  }

  private refresh(keyId: string, entry: KeyUsage): Promise<void> {
    entry.refreshing ??= (async () => {
      const countedLocally = entry.local;
      try {
        await this.options.flushUsage();
        entry.stored = await this.options.tokensUsedSince(keyId, new Date(entry.monthStart));
        entry.local -= countedLocally;
        entry.fetchedAt = this.options.now().getTime();
      } catch (error) {
        this.options.onError?.(error, keyId);
      } finally {
        entry.refreshing = undefined;
      }
    })();
    return entry.refreshing;
  }
}

/** Waits for `work` at most `milliseconds`; the work itself goes on (and fills the cache later). */
function withTimeout(work: Promise<void>, milliseconds: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, milliseconds);
    timer.unref?.();
    void work.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
