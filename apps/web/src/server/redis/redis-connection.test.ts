import { describe, expect, it } from 'vitest';
import { createRedisConnection } from './redis-connection';
import { createRedisTargetHealth } from './redis-target-health';

const redisUrl = process.env.REDIS_URL || undefined;

function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    warn: (fields: Record<string, unknown>, message: string) =>
      lines.push({ level: 'warn', fields, message }),
    info: (fields: Record<string, unknown>, message: string) =>
      lines.push({ level: 'info', fields, message }),
  };
}

describe('Redis unreachable', () => {
  it('logs one clear warning (no password), fails fast and keeps cooldowns per instance', async () => {
    const logger = recordingLogger();
    const redis = createRedisConnection('redis://gateway:hunter2-password@127.0.0.1:1/0', logger);
    const health = createRedisTargetHealth({ redis, logger });
    await health.ready;
    // Several reconnection attempts happen meanwhile; still one line.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(redis.available()).toBe(false);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.message).toMatch(/Redis is unreachable/);
    expect(JSON.stringify(logger.lines)).not.toContain('hunter2');
    health.recordFailure('model#east', { status: 429 }, Date.now());
    expect(health.coolingUntil('model#east', Date.now())).toBeDefined();
    await health.close();
    await redis.close();
  });
});

describe.skipIf(!redisUrl)('Redis-shared cooldowns', () => {
  it('a cooldown started by one instance reaches another within a second', async () => {
    const logger = recordingLogger();
    const key = `model-${Date.now()}#east`;
    const [redisA, redisB] = [
      createRedisConnection(redisUrl as string, logger),
      createRedisConnection(redisUrl as string, logger),
    ];
    const [healthA, healthB] = [
      createRedisTargetHealth({ redis: redisA, logger }),
      createRedisTargetHealth({ redis: redisB, logger }),
    ];
    await Promise.all([healthA.ready, healthB.ready]);
    const started = Date.now();
    healthA.recordFailure(key, { status: 429, retryAfterMs: 5_000 }, started);
    while (healthB.coolingUntil(key, Date.now()) === undefined && Date.now() - started < 1_000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(healthB.coolingUntil(key, Date.now())).toBe(started + 5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    for (const closing of [healthA, healthB, redisA, redisB]) await closing.close();
    expect(logger.lines).toEqual([]);
  });
});
