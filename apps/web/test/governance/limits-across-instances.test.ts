import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat } from '../faults/support/gateway-calls';
import { openAiDefinition } from '../support/definitions';
import { capturedLogLines } from '../support/log-capture';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { createKey, eventually, governanceCalls, sampleSum, startOwnRedis } from './governance-support';

/**
 * Two gateway instances on one Postgres and one Redis (a redis-server this file starts, so it can
 * stop it): per-key limits hold across both. Needs DATABASE_URL (two instances cannot share PGlite).
 */
const databaseUrl = process.env.DATABASE_URL || undefined;
if (!databaseUrl) console.info('limits across instances: DATABASE_URL is unset, so these tests are skipped');

describe.skipIf(!databaseUrl)('per-key limits across two instances', () => {
  let first: TestGateway;
  let second: TestGateway;
  let redis: Awaited<ReturnType<typeof startOwnRedis>>;

  beforeAll(async () => {
    redis = await startOwnRedis();
    first = await startTestGateway({ env: { REDIS_URL: redis.url } });
    const sharedDatabase = first.runtime.config.DATABASE_URL as string;
    second = await startTestGateway({ env: { REDIS_URL: redis.url, DATABASE_URL: sharedDatabase } });
    await first.putDefinition('gpt', openAiDefinition(first.emulator.url));
    // The second instance's emulator is another port: give it its own model pointing there.
    await eventually(() => second.runtime.definitions.resolve('gpt') !== undefined);
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await redis?.stop();
  });

  async function keyOnBoth(limits: Parameters<typeof createKey>[1]) {
    const created = await createKey(first, limits);
    await eventually(() => second.runtime.governance.limits.get(created.id) !== undefined);
    await eventually(() => second.runtime.callerKeys.verify(created.key) !== undefined);
    return created;
  }

  it('rpm 60: 200 requests spread over both instances within a minute give 60 ± 1 successes', async () => {
    const { key } = await keyOnBoth({ rpm: 60 });
    const statuses: number[] = [];
    for (let wave = 0; wave < 10; wave++) {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          chat(index % 2 ? second : first, 'gpt', { key }).then(async (response) => {
            await response.arrayBuffer();
            return response;
          }),
        ),
      );
      statuses.push(...answers.map((response) => response.status));
      const limited = answers.find((response) => response.status === 429);
      if (limited) expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const successes = statuses.filter((status) => status === 200).length;
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(Math.abs(successes - 60)).toBeLessThanOrEqual(1);
  }, 60_000);

  it('max_concurrent 3 with streams held open: at most 3 in flight across both, slots come back on abort', async () => {
    const { key } = await keyOnBoth({ max_concurrent: 3 });
    // The upstream holds every stream open until its caller leaves.
    first.emulator.reset();
    first.emulator.setScenario('*', 'hang');
    const callers = Array.from({ length: 10 }, () => new AbortController());
    const settled: (number | 'aborted')[] = [];
    const pending = callers.map((caller, index) =>
      chat(index % 2 ? second : first, 'gpt', { key, stream: true, signal: caller.signal }).then(
        async (response) => {
          await response.arrayBuffer();
          settled.push(response.status);
        },
        () => settled.push('aborted'),
      ),
    );
    await eventually(() => settled.length === 7).catch(() => {
      throw new Error(`settled: ${JSON.stringify(settled)}`);
    });
    expect(settled).toEqual(Array(7).fill(429));
    await eventually(() => first.emulator.requests.length === 3);
    for (const caller of callers) caller.abort();
    await Promise.all(pending);
    first.emulator.reset();
    // Every aborted stream released its slot (the exit path of a caller that went away).
    await eventually(async () => {
      const answers = await Promise.all(
        Array.from({ length: 3 }, (_, index) =>
          chat(index % 2 ? second : first, 'gpt', { key, stream: true }),
        ),
      );
      await Promise.all(answers.map((response) => response.arrayBuffer()));
      return answers.every((response) => response.status === 200);
    });
  }, 60_000);

  it('Redis stopped mid-test: requests keep flowing, one warning, a metric counts it, limits resume after restart', async () => {
    const { key } = await keyOnBoth({ rpm: 3 });
    const statusOf = async (gateway: TestGateway) => {
      const response = await chat(gateway, 'gpt', { key });
      await response.arrayBuffer();
      return response.status;
    };
    const before = [];
    for (let index = 0; index < 4; index++) before.push(await statusOf(index % 2 ? second : first));
    expect(before).toEqual([200, 200, 200, 429]);

    const warningsBefore = capturedLogLines().filter((line) => line.includes('Redis unavailable')).length;
    await redis.stop();
    const during = [];
    for (let index = 0; index < 8; index++) during.push(await statusOf(index % 2 ? second : first));
    expect(during).toEqual(Array(8).fill(200));
    const warnings =
      capturedLogLines().filter((line) => line.includes('Redis unavailable')).length - warningsBefore;
    expect(warnings).toBeGreaterThanOrEqual(1);
    expect(warnings).toBeLessThanOrEqual(2); // one per instance per interval, not one per request
    const metrics = await governanceCalls(first).metricsText();
    expect(sampleSum(metrics, 'gateway_redis_failures_total')).toBeGreaterThanOrEqual(4);
    expect(sampleSum(metrics, 'gateway_redis_up')).toBe(0);

    await redis.start();
    // ioredis reconnects on its own (backoff up to 2 s); the fresh Redis starts a fresh window.
    await eventually(
      async () => (await governanceCalls(first).metricsText()).includes('gateway_redis_up 1'),
      10_000,
    ).catch(() => undefined);
    await eventually(async () => {
      const statuses = [];
      for (let index = 0; index < 4; index++) statuses.push(await statusOf(index % 2 ? second : first));
      return statuses.includes(429);
    }, 15_000);
  }, 60_000);
});
