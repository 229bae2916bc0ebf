import { Redis } from 'ioredis';

/**
 * One Redis connection per gateway instance (`REDIS_URL`), shared by every feature that keeps
 * fleet-wide state there (target cooldowns, per-key limits). Commands fail fast while Redis is
 * down (no offline queue: a request must never wait for Redis), and callers fall back to their
 * per-instance state; the outage is logged once when it starts and once when it ends.
 */
/** What the connection logs through (pino's logger fits). */
export type RedisLogger = {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
};

export type RedisConnection = {
  /** For commands. */
  readonly client: Redis;
  /** True while connected; callers skip Redis (and use local state) otherwise. */
  available(): boolean;
  /** A second connection for SUBSCRIBE (a subscribed connection cannot run other commands). */
  subscriber(): Redis;
  close(): Promise<void>;
};

export function createRedisConnection(url: string, logger: RedisLogger): RedisConnection {
  const options = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    // Reconnect forever, at most every 2 s: Redis coming back must be picked up without a restart.
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  };
  const client = new Redis(url, options);
  const where = describeUrl(url);
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn(
      { redis: where, err: error.message },
      'Redis is unreachable: target cooldowns and limits are kept per instance until it is back',
    );
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ redis: where }, 'Redis is reachable again: shared state resumed');
  });
  const subscribers: Redis[] = [];
  return {
    client,
    available: () => client.status === 'ready',
    subscriber() {
      const subscriber = client.duplicate(options);
      // Errors are reported once through the main connection's handler; a listener is still
      // needed so an unreachable Redis is not an unhandled 'error' event.
      subscriber.on('error', () => undefined);
      subscribers.push(subscriber);
      return subscriber;
    },
    async close() {
      for (const connection of [...subscribers, client]) connection.disconnect();
    },
  };
}

/** `redis://host:port/db` without user or password, for logs. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'redis (unparseable REDIS_URL)';
  }
}

const connections = new Map<string, RedisConnection>();

/**
 * The process's connection for `REDIS_URL`, made on first use (undefined when it is unset). For
 * features outside the runtime (e.g. per-key limits); the runtime holds the same one as `redis`.
 */
export function getRedis(
  config: { REDIS_URL?: string | undefined },
  logger: RedisLogger,
): RedisConnection | undefined {
  const url = config.REDIS_URL;
  if (url === undefined) return undefined;
  let connection = connections.get(url);
  if (connection === undefined) {
    connection = createRedisConnection(url, logger);
    connections.set(url, connection);
  }
  return connection;
}
