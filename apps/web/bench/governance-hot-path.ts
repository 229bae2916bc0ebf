/**
 * What per-key limits and metrics add to one request, measured on the functions the core calls:
 * admitCaller + settle with no limits, with rpm/tpm/max_concurrent in memory and in Redis, and
 * the metrics observer's requestStarted + ended.
 *   REDIS_URL=redis://127.0.0.1:6379 npx tsx bench/governance-hot-path.ts
 */
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { BudgetWindows } from '../src/server/governance/budget-windows';
import type { AdmitCaller, UsageRecord } from '../src/server/governance/core-contract';
import { createKeyAdmission } from '../src/server/governance/key-admission';
import { createGatewayMetrics } from '../src/server/governance/metrics/gateway-metrics';
import { createLabelPolicy } from '../src/server/governance/metrics/metric-labels';
import { createCounterFactory } from '../src/server/governance/shared-counters';

const ITERATIONS = 20_000;
const record: UsageRecord = {
  requestId: 'r',
  apiKeyId: 'bench-key',
  publicId: 'gpt',
  upstreamModel: 'gpt',
  endpoint: 'chat.completions',
  status: 200,
  usage: { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
  costUsd: 0.0001,
  ttfbMs: 10,
  latencyMs: 20,
  stream: false,
  errorCode: undefined,
  startedAt: new Date(),
  target: 'primary',
  attempts: 1,
  errorMessage: undefined,
};
const caller = { id: 'bench-key', name: 'bench', hint: 'abcd' };
const request = {
  publicId: 'gpt',
  endpoint: 'chat.completions' as const,
  estimatedTokens: 30,
  pricing: undefined,
};

function admission(redis: Redis | undefined, limited: boolean): AdmitCaller {
  return createKeyAdmission({
    limitsOf: () => (limited ? { rpm: 1e9, tpm: 1e12, max_concurrent: 1e6 } : undefined),
    defaultRpm: 0,
    counters: createCounterFactory({
      redis,
      health: { succeeded() {}, failed() {} },
      prefix: `bench-${Date.now()}`,
    }),
    budgets: new BudgetWindows({
      usageSince: async () => ({ tokens: 0, usd: 0 }),
      flushUsage: async () => undefined,
      now: () => new Date(),
    }),
  });
}

async function measure(label: string, once: () => Promise<void> | void, iterations = ITERATIONS) {
  for (let index = 0; index < 500; index++) await once();
  const started = performance.now();
  for (let index = 0; index < iterations; index++) await once();
  const microseconds = ((performance.now() - started) * 1000) / iterations;
  console.log(`${label.padEnd(52)} ${microseconds.toFixed(2)} µs per request (sequential)`);
}

const none = admission(undefined, false);
await measure('admitCaller, key without limits', async () => {
  (await none(caller, request))?.settle(record);
});
const memory = admission(undefined, true);
await measure('admitCaller + settle, rpm+tpm+max_concurrent, memory', async () => {
  (await memory(caller, request))?.settle(record);
});
if (process.env.REDIS_URL) {
  const redis = new Redis(process.env.REDIS_URL, { enableOfflineQueue: true });
  const shared = admission(redis, true);
  await measure(
    'admitCaller + settle, rpm+tpm+max_concurrent, Redis',
    async () => {
      (await shared(caller, request))?.settle(record);
    },
    2_000,
  );
  redis.disconnect();
}
const metrics = createGatewayMetrics(
  createLabelPolicy(() => true),
  {
    usageQueueDepth: () => 0,
    usageDropped: () => 0,
    usageWriteFailures: () => 0,
    databaseUp: async () => true,
  },
);
// The core already holds the caller's Request; building one here would dominate the figure.
const incoming = new Request('http://gateway/');
await measure('metrics observer: requestStarted + attempt + ended', () => {
  const observation = metrics.observer.requestStarted(incoming, 'chat.completions');
  observation
    ?.attemptStarted({ target: 'primary', provider: 'openai', upstreamModel: 'gpt', attempt: 1 })
    .ended({ status: 200 });
  observation?.ended(record, {});
});
