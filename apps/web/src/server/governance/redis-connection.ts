import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { CounterHealth } from './shared-counters';

export type RedisHealthEvents = { failure(): void; up(isUp: boolean): void };

/**
 * Opens the Redis client for shared limits. Commands fail fast while disconnected (no offline
 * queue, short timeout) so a Redis outage costs requests nothing but a skipped limit; ioredis
 * reconnects in the background and limits resume on their own.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const { Redis: RedisClient } = await import('ioredis');
  const redis = new RedisClient(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: true,
  });
  // Without a listener ioredis reports every reconnect failure as an unhandled error event.
  redis.on('error', () => undefined);
  await redis.connect().catch((error: unknown) => {
    logger.warn(
      { err: (error as Error).message },
      'Redis unreachable at start-up; limits are not enforced until it answers',
    );
  });
  return redis;
}

/**
 * Counts Redis failures and logs at most one warning per `warnEveryMs` (an outage must not flood
 * the log at the request rate).
 */
export function createRedisHealth(options: {
  logger: Logger;
  events: RedisHealthEvents;
  now: () => number;
  warnEveryMs?: number;
}): CounterHealth & { readonly up: boolean } {
  const warnEveryMs = options.warnEveryMs ?? 30_000;
  let lastWarning = Number.NEGATIVE_INFINITY;
  let up = true;
  return {
    get up() {
      return up;
    },
    succeeded() {
      if (up) return;
      up = true;
      options.events.up(true);
      options.logger.info({}, 'Redis answers again; shared limits are enforced');
    },
    failed(error) {
      options.events.failure();
      if (up) options.events.up(false);
      up = false;
      const now = options.now();
      if (now - lastWarning < warnEveryMs) return;
      lastWarning = now;
      options.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'Redis unavailable; per-key rate limits are not enforced (fail open) until it answers',
      );
    },
  };
}
