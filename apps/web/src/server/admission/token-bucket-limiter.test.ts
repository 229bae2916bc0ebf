import { describe, expect, it } from 'vitest';
import { createTokenBucketLimiter } from './token-bucket-limiter';

describe('createTokenBucketLimiter', () => {
  it('allows a burst of perMinute, then refuses with the wait until the next token', () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ perMinute: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('key-a').ok)).toEqual([true, true, true]);
    expect(limiter.take('key-a')).toEqual({ ok: false, retryAfterSeconds: 20 });
    now += 5_000;
    expect(limiter.take('key-a')).toEqual({ ok: false, retryAfterSeconds: 15 });
    now += 15_000;
    expect(limiter.take('key-a').ok).toBe(true);
    expect(limiter.take('key-a').ok).toBe(false);
  });

  it('keeps one bucket per key and never refills past the burst size', () => {
    let now = 0;
    const limiter = createTokenBucketLimiter({ perMinute: 2, now: () => now });
    limiter.take('key-a');
    limiter.take('key-a');
    expect(limiter.take('key-a').ok).toBe(false);
    expect(limiter.take('key-b').ok).toBe(true);
    now += 10 * 60_000;
    expect([1, 2, 3].map(() => limiter.take('key-a').ok)).toEqual([true, true, false]);
  });
});
