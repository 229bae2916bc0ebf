/** Tokens and dollars, the two units budgets are kept in. */
export type Spend = { tokens: number; usd: number };

export type BudgetWindow = 'month' | 'day';

export type BudgetWindowsOptions = {
  /** What the database holds for this key since `since` (written usage). */
  usageSince: (keyId: string, since: Date) => Promise<Spend>;
  /** Writes queued usage records, so a fresh total includes them. */
  flushUsage: () => Promise<void>;
  now: () => Date;
  /** How old a total may get before a background refresh (other instances' usage shows up then). */
  refreshAfterMs?: number;
  /** How long a key's first request of a window may wait for its total (database unreachable). */
  firstLoadTimeoutMs?: number;
  onError?: (error: unknown, keyId: string) => void;
};

type WindowTotals = {
  start: number;
  /** From the database at the last refresh. */
  stored: Spend;
  /** Finished on this instance since that refresh began (not yet in `stored`). */
  local: Spend;
  fetchedAt: number;
  refreshing: Promise<void> | undefined;
};

export type WindowState = { used: Spend; resetsAt: Date; secondsUntilReset: number };

const ZERO: Spend = { tokens: 0, usd: 0 };
const add = (left: Spend, right: Spend): Spend => ({
  tokens: left.tokens + right.tokens,
  usd: left.usd + right.usd,
});
const subtract = (left: Spend, right: Spend): Spend => ({
  tokens: left.tokens - right.tokens,
  usd: left.usd - right.usd,
});

function windowBounds(kind: BudgetWindow, now: Date): { start: number; end: number } {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  if (kind === 'month') return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
  const day = now.getUTCDate();
  return { start: Date.UTC(year, month, day), end: Date.UTC(year, month, day + 1) };
}

/**
 * Monthly and daily budget windows (UTC calendar) per key. A window's total is the database's
 * sum for the key (refreshed in the background once older than `refreshAfterMs`, after flushing
 * this instance's queued usage), plus what this instance finished since, plus what its requests
 * in flight have reserved: parallel requests and large `max_tokens` cannot overshoot a budget
 * between two refreshes. Only the first request of a window waits for the database; if it is
 * down then, the request is let through (a budget is not a security boundary).
 */
export class BudgetWindows {
  private readonly totals = new Map<string, WindowTotals>();
  private readonly reserved = new Map<string, Spend>();
  private readonly refreshAfterMs: number;
  private readonly firstLoadTimeoutMs: number;

  constructor(private readonly options: BudgetWindowsOptions) {
    this.refreshAfterMs = options.refreshAfterMs ?? 10_000;
    this.firstLoadTimeoutMs = options.firstLoadTimeoutMs ?? 2_000;
  }

  /** The window's spend including reservations, or undefined while its total is unknown. */
  async stateOf(keyId: string, kind: BudgetWindow): Promise<WindowState | undefined> {
    const now = this.options.now();
    const { start, end } = windowBounds(kind, now);
    const mapKey = `${kind}:${keyId}`;
    let entry = this.totals.get(mapKey);
    if (entry === undefined || entry.start !== start) {
      entry = { start, stored: ZERO, local: ZERO, fetchedAt: 0, refreshing: undefined };
      this.totals.set(mapKey, entry);
      await withTimeout(this.refresh(keyId, entry), this.firstLoadTimeoutMs);
    } else if (now.getTime() - entry.fetchedAt > this.refreshAfterMs) {
      void this.refresh(keyId, entry);
    }
    if (entry.fetchedAt === 0) return undefined;
    const used = add(add(entry.stored, entry.local), this.reserved.get(keyId) ?? ZERO);
    return {
      used,
      resetsAt: new Date(end),
      secondsUntilReset: Math.max(1, Math.ceil((end - now.getTime()) / 1000)),
    };
  }

  /** Holds `amount` against every window of the key until `settle`. */
  reserve(keyId: string, amount: Spend): void {
    this.reserved.set(keyId, add(this.reserved.get(keyId) ?? ZERO, amount));
  }

  /** Replaces a reservation by what the request really used. */
  settle(keyId: string, reservedAmount: Spend, actual: Spend): void {
    const left = subtract(this.reserved.get(keyId) ?? ZERO, reservedAmount);
    if (left.tokens <= 0 && left.usd <= 1e-12) this.reserved.delete(keyId);
    else this.reserved.set(keyId, left);
    for (const kind of ['month', 'day'] as const) {
      const entry = this.totals.get(`${kind}:${keyId}`);
      if (entry) entry.local = add(entry.local, actual);
    }
  }

  private refresh(keyId: string, entry: WindowTotals): Promise<void> {
    entry.refreshing ??= (async () => {
      const countedLocally = entry.local;
      try {
        await this.options.flushUsage();
        entry.stored = await this.options.usageSince(keyId, new Date(entry.start));
        entry.local = subtract(entry.local, countedLocally);
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
