import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/** How a counter window answered: its count after the change, or `unavailable` (Redis down). */
export type CounterReading = { consumed: number; msBeforeReset: number } | 'unavailable';

/** A per-key counter over a fixed window, shared by every instance when Redis backs it. */
export type WindowCounter = {
  /** Adds `points` (may be 0) and returns the window's count including them. */
  add(key: string, points: number): Promise<CounterReading>;
  /** Takes `points` back (a refused request, a released slot, an over-estimate). */
  subtract(key: string, points: number): Promise<void>;
};

export type CounterHealth = {
  /** Redis answered (again). */
  succeeded(): void;
  /** Redis failed a call; the request is let through (fail open). */
  failed(error: unknown): void;
};

/**
 * Counters for per-key limits. With a Redis client every count is an atomic INCRBY + expiry in
 * Redis (rate-limiter-flexible's Lua script), so N instances enforce one limit; without one they
 * live in this process (right for a single instance). The library's own `points` ceiling is set
 * out of reach on purpose: the gateway compares counts with each key's current limit itself, so a
 * limit change applies at once and no limiter is kept per limit value.
 */
export function createCounterFactory(options: {
  redis: Redis | undefined;
  health: CounterHealth;
  prefix?: string;
}) {
  const prefix = options.prefix ?? 'gw';
  return function windowCounter(name: string, windowSeconds: number): WindowCounter {
    const common = {
      points: Number.MAX_SAFE_INTEGER,
      duration: windowSeconds,
      keyPrefix: `${prefix}:${name}`,
    };
    const limiter: RateLimiterAbstract = options.redis
      ? new RateLimiterRedis({ ...common, storeClient: options.redis, rejectIfRedisNotReady: true })
      : new RateLimiterMemory(common);
    const shared = options.redis !== undefined;
    const guarded = async <T>(work: () => Promise<T>): Promise<T | 'unavailable'> => {
      try {
        const result = await work();
        if (shared) options.health.succeeded();
        return result;
      } catch (error) {
        // The ceiling is unreachable, so a rejection is always a store failure, never "over limit".
        const cause = error instanceof RateLimiterRes ? new Error('counter refused') : error;
        options.health.failed(cause);
        return 'unavailable';
      }
    };
    return {
      async add(key, points) {
        const result = await guarded(async () =>
          points > 0 ? limiter.consume(key, points) : ((await limiter.get(key)) ?? undefined),
        );
        if (result === 'unavailable') return result;
        if (result === undefined) return { consumed: 0, msBeforeReset: windowSeconds * 1000 };
        return { consumed: result.consumedPoints, msBeforeReset: Math.max(0, result.msBeforeNext) };
      },
      async subtract(key, points) {
        if (points <= 0) return;
        await guarded(() => limiter.reward(key, points));
      },
    };
  };
}

export type CounterFactory = ReturnType<typeof createCounterFactory>;
