import { type CooldownPolicy, createInMemoryTargetHealth, type TargetHealth } from '@gateway/ai-gateway';
import type { Redis } from 'ioredis';
import type { RedisConnection, RedisLogger } from './redis-connection';

const KEY_PREFIX = 'gateway:target-cooldown:';
const CHANNEL = 'gateway:target-cooldowns';

export type RedisTargetHealth = TargetHealth & {
  /** Resolves when the subscription is live and the current cooldowns are loaded (or Redis is down). */
  ready: Promise<void>;
  close(): Promise<void>;
};

/**
 * Target health shared by every instance: reads stay local and synchronous (the hot path never
 * waits for Redis); a cooldown an instance starts is written to Redis (a key that expires with
 * it, for instances that start later) and published, and every instance applies what it hears.
 * Failure counts and error rates stay per instance. With Redis down, each instance keeps its own
 * cooldowns (the connection logs the outage once).
 */
export function createRedisTargetHealth(options: {
  redis: RedisConnection;
  policy?: Partial<CooldownPolicy>;
  logger: RedisLogger;
}): RedisTargetHealth {
  const { redis } = options;
  const local = createInMemoryTargetHealth({
    ...(options.policy ? { policy: options.policy } : {}),
    onCooldown: (key, untilMs) => {
      if (!redis.available()) return;
      const ttl = Math.max(1, untilMs - Date.now());
      redis.client
        .multi()
        .set(KEY_PREFIX + key, String(untilMs), 'PX', ttl)
        .publish(CHANNEL, JSON.stringify({ key, until: untilMs }))
        .exec()
        .catch(() => undefined);
    },
  });

  const apply = (key: string, until: number) => {
    if (Number.isFinite(until) && until > Date.now()) local.coolDown(key, until);
  };

  const subscriber = redis.subscriber();
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const { key, until } = JSON.parse(message) as { key?: unknown; until?: unknown };
      if (typeof key === 'string' && typeof until === 'number') apply(key, until);
    } catch {
      // Not ours; ignore.
    }
  });
  // On every (re)connection: subscribe, then load the cooldowns started while we were away.
  const ready = new Promise<void>((resolve) => {
    subscriber.on('ready', () => {
      subscriber
        .subscribe(CHANNEL)
        .then(() => loadCooldowns(redis.client, apply))
        .catch(() => undefined)
        .finally(resolve);
    });
    subscriber.on('error', () => resolve());
  });

  return {
    coolingUntil: local.coolingUntil,
    recordSuccess: local.recordSuccess,
    recordFailure: local.recordFailure,
    describe: local.describe,
    ready,
    close: async () => {
      subscriber.disconnect();
    },
  };
}

async function loadCooldowns(client: Redis, apply: (key: string, until: number) => void): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${KEY_PREFIX}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length === 0) continue;
    const values = await client.mget(...keys);
    keys.forEach((key, index) => {
      apply(key.slice(KEY_PREFIX.length), Number(values[index]));
    });
  } while (cursor !== '0');
}
