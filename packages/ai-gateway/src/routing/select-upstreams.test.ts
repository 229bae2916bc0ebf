import { describe, expect, it } from 'vitest';
import type { Provider } from '../providers/types';
import { createInMemoryTargetHealth } from './in-memory-target-health';
import { type RoutedUpstream, selectUpstreams } from './select-upstreams';
import { targetHealthKey } from './target-health';

const target = (name: string, weight = 1, priority = 0): RoutedUpstream => ({
  name,
  label: 'model',
  weight,
  priority,
  healthKey: targetHealthKey('model', name),
  definition: { internal_id: name, base_url: 'https://example.com' },
  provider: {} as Provider,
});

/** A seeded generator, so the split is reproducible. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('selectUpstreams', () => {
  it('splits first picks by weight within the best priority', () => {
    const targets = [target('a', 1), target('b', 3), target('backup', 100, 1)];
    const random = seeded(7);
    const firsts = new Map<string, number>();
    for (let index = 0; index < 20_000; index++) {
      const first = selectUpstreams(targets, undefined, 0, random)[0]?.name ?? '';
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    expect(firsts.get('backup')).toBeUndefined();
    expect((firsts.get('b') ?? 0) / 20_000).toBeCloseTo(0.75, 1);
  });

  it('puts the lower priority after every healthy better one, and cooling targets last', () => {
    const health = createInMemoryTargetHealth();
    const targets = [target('a'), target('b'), target('backup', 1, 1)];
    health.recordFailure(targets[0]?.healthKey ?? '', { status: 429 }, 1_000);
    const order = selectUpstreams(targets, health, 1_001, Math.random).map((upstream) => upstream.name);
    expect(order).toEqual(['b', 'backup', 'a']);
    health.recordFailure(targets[1]?.healthKey ?? '', { status: 503, retryAfterMs: 500 }, 1_002);
    expect(selectUpstreams(targets, health, 1_003, Math.random).map((upstream) => upstream.name)).toEqual([
      'backup',
      'b',
      'a',
    ]);
  });

  it('returns a single target as is', () => {
    const targets = [target('only')];
    expect(selectUpstreams(targets, undefined, 0, Math.random)).toBe(targets);
  });
});

describe('createInMemoryTargetHealth', () => {
  const policy = { failureThreshold: 3, windowMs: 1_000, cooldownMs: 5_000 };
  it('cools a target down after the threshold of 5xx within the window, then probes it', () => {
    const health = createInMemoryTargetHealth({ policy });
    health.recordFailure('k', { status: 502 }, 0);
    health.recordFailure('k', { status: 502 }, 10);
    expect(health.coolingUntil('k', 20)).toBeUndefined();
    health.recordFailure('k', { status: 502 }, 20);
    expect(health.coolingUntil('k', 21)).toBe(5_020);
    expect(health.coolingUntil('k', 5_020)).toBeUndefined();
    // The probe fails: back into cooldown at once.
    health.recordFailure('k', { status: 502 }, 5_030);
    expect(health.coolingUntil('k', 5_031)).toBe(10_030);
  });

  it('forgets failures outside the window, and a success ends probing', () => {
    const health = createInMemoryTargetHealth({ policy });
    health.recordFailure('k', { status: 500 }, 0);
    health.recordFailure('k', { status: 500 }, 10);
    health.recordFailure('k', { status: 500 }, 2_000);
    expect(health.coolingUntil('k', 2_001)).toBeUndefined();
    health.recordFailure('k', { status: 429, retryAfterMs: 100 }, 3_000);
    expect(health.coolingUntil('k', 3_001)).toBe(3_100);
    health.recordSuccess('k', 3_200);
    health.recordFailure('k', { status: 500 }, 3_300);
    expect(health.coolingUntil('k', 3_301)).toBeUndefined();
  });

  it('reports recent attempts and failures, and tells onCooldown', () => {
    const cooled: string[] = [];
    const health = createInMemoryTargetHealth({ policy, onCooldown: (key) => cooled.push(key) });
    health.recordSuccess('k', 0);
    health.recordFailure('k', { status: 429 }, 1);
    expect(health.describe(['k', 'other'], 2)).toEqual([
      { key: 'k', coolingDownUntil: 5_001, recentAttempts: 2, recentFailures: 1 },
      { key: 'other', recentAttempts: 0, recentFailures: 0 },
    ]);
    expect(cooled).toEqual(['k']);
  });
});
