import type { UsageRecord } from '@gateway/ai-gateway';
import { describe, expect, it } from 'vitest';
import { MonthlyTokenBudgets } from './monthly-token-budgets';

function usageRecord(apiKeyId: string, tokens: number): UsageRecord {
  return {
    requestId: 'r',
    apiKeyId,
    publicId: 'model',
    upstreamModel: 'model',
    costUsd: undefined,
    ttfbMs: undefined,
    errorCode: undefined,
    errorMessage: undefined,
    target: 'default',
    attempts: 1,
    endpoint: 'chat.completions',
    status: 200,
    usage: {
      input_tokens: tokens,
      output_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    },
    latencyMs: 1,
    stream: false,
    startedAt: new Date(0),
  };
}

function setUp(stored: Map<string, number>, now: { value: Date }) {
  const queries: { keyId: string; since: string }[] = [];
  let flushes = 0;
  const budgets = new MonthlyTokenBudgets({
    loadBudgets: async () => new Map([['key-a', 100]]),
    tokensUsedSince: async (keyId, since) => {
      queries.push({ keyId, since: since.toISOString() });
      return stored.get(keyId) ?? 0;
    },
    flushUsage: async () => {
      flushes++;
    },
    now: () => now.value,
    refreshAfterMs: 1_000,
  });
  return { budgets, queries, flushes: () => flushes };
}

describe('MonthlyTokenBudgets', () => {
  it('counts the calendar month (UTC) from the database plus usage recorded since', async () => {
    const now = { value: new Date('2025-03-15T12:00:00Z') };
    const { budgets, queries } = setUp(new Map([['key-a', 60]]), now);
    await budgets.reloadBudgets();
    expect(await budgets.stateOf('key-a')).toMatchObject({ budget: 100, used: 60 });
    expect(queries).toEqual([{ keyId: 'key-a', since: '2025-03-01T00:00:00.000Z' }]);
    budgets.recordUsage(usageRecord('key-a', 30));
    const state = await budgets.stateOf('key-a');
    expect(state).toMatchObject({ used: 90, resetsAt: new Date('2025-04-01T00:00:00Z') });
    // Within the refresh interval the database is not asked again: the hot path stays in memory.
    expect(queries).toHaveLength(1);
  });

  it('refreshes in the background once stale, flushing queued usage first so nothing is counted twice', async () => {
    const stored = new Map([['key-a', 10]]);
    const now = { value: new Date('2025-03-15T12:00:00Z') };
    const { budgets, queries, flushes } = setUp(stored, now);
    await budgets.reloadBudgets();
    await budgets.stateOf('key-a');
    budgets.recordUsage(usageRecord('key-a', 25));
    stored.set('key-a', 35); // the flush wrote those 25 tokens
    now.value = new Date('2025-03-15T12:00:05Z');
    expect((await budgets.stateOf('key-a'))?.used).toBe(35); // stale answer, refresh started
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(flushes()).toBe(2);
    expect((await budgets.stateOf('key-a'))?.used).toBe(35);
    expect(queries).toHaveLength(2);
  });

  it('starts a new count when the month changes, and ignores keys without a budget', async () => {
    const now = { value: new Date('2025-03-31T23:59:59Z') };
    const { budgets, queries } = setUp(new Map([['key-a', 100]]), now);
    await budgets.reloadBudgets();
    expect((await budgets.stateOf('key-a'))?.used).toBe(100);
    now.value = new Date('2025-04-01T00:00:01Z');
    await budgets.stateOf('key-a');
    expect(queries.map((query) => query.since)).toEqual([
      '2025-03-01T00:00:00.000Z',
      '2025-04-01T00:00:00.000Z',
    ]);
    expect(await budgets.stateOf('key-without-budget')).toBeUndefined();
  });

  it('lets the request through when the first count cannot be read (database down)', async () => {
    const errors: string[] = [];
    const budgets = new MonthlyTokenBudgets({
      loadBudgets: async () => new Map([['key-a', 1]]),
      tokensUsedSince: async () => {
        throw new Error('connection refused');
      },
      flushUsage: async () => undefined,
      now: () => new Date(),
      onError: (error) => errors.push((error as Error).message),
    });
    await budgets.reloadBudgets();
    expect(await budgets.stateOf('key-a')).toBeUndefined();
    expect(errors).toEqual(['connection refused']);
  });

  it('does not hold a request longer than firstLoadTimeoutMs when the database does not answer', async () => {
    const budgets = new MonthlyTokenBudgets({
      loadBudgets: async () => new Map([['key-a', 1]]),
      tokensUsedSince: () => new Promise<number>(() => undefined),
      flushUsage: async () => undefined,
      now: () => new Date(),
      firstLoadTimeoutMs: 20,
    });
    await budgets.reloadBudgets();
    expect(await budgets.stateOf('key-a')).toBeUndefined();
    expect(await budgets.stateOf('key-a')).toBeUndefined();
  });
});
