/**
 * Per-key rate limit as an in-memory token bucket: a key may burst up to `perMinute` requests, then
 * gets one more every `60 / perMinute` seconds. Per instance (several instances each allow the
 * rate); enough to stop one runaway client without a shared store.
 */
export type TokenBucketLimiter = {
  /** Takes one token; when none is left, says how long until the next one. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
};

type Bucket = { tokens: number; updatedAt: number };

const MAX_IDLE_BUCKETS = 10_000;

export function createTokenBucketLimiter(options: {
  perMinute: number;
  now: () => number;
}): TokenBucketLimiter {
  const capacity = options.perMinute;
  const tokensPerMs = options.perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return {
    take(key) {
      const now = options.now();
      const bucket = buckets.get(key) ?? { tokens: capacity, updatedAt: now };
      bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * tokensPerMs);
      bucket.updatedAt = now;
      if (!buckets.has(key)) {
        // Keys are few (admin-created), but never let the map grow without bound.
        if (buckets.size >= MAX_IDLE_BUCKETS) buckets.clear();
        buckets.set(key, bucket);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / tokensPerMs / 1000)),
      };
    },
  };
}
