/**
 * Targets benchmark (issue 13), separate from `bench/run.ts`:
 *   (a) target selection on the single-target hot path (upstreamsOf + selectUpstreams, µs per
 *       request), next to three weighted targets with health reads;
 *   (b) the latency one failover adds: the core gateway against the emulator, a healthy single
 *       target vs. a throttled first target whose 429 fails over to a second region (cooldowns off,
 *       so every request pays the failover), p50/p99 of each and the difference.
 * Run: pnpm --filter @gateway/web exec tsx bench/targets.ts [--requests 2000]
 */
import {
  type CustomLlmDefinition,
  CustomLlmDefinitionSchema,
  createGateway,
  type Gateway,
  type TargetHealth,
} from '@gateway/ai-gateway';
import {
  createInMemoryTargetHealth,
  createProviderRegistry,
  memoizeCredentialProvider,
  selectUpstreams,
  upstreamsOf,
} from '@gateway/ai-gateway/testing';
import { EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from '@gateway/bedrock-emulator';
import { summarize } from './statistics';

const CLAUDE = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const credentials = EMULATOR_DEFAULT_CREDENTIALS[0] as { accessKeyId: string; secretAccessKey: string };
const keys = { access_key_id: credentials.accessKeyId, secret_access_key: credentials.secretAccessKey };
const requestsArgument = process.argv.indexOf('--requests');
const REQUESTS = requestsArgument > 0 ? Number(process.argv[requestsArgument + 1]) : 2_000;

function measureSelection(
  definition: CustomLlmDefinition,
  health: TargetHealth | undefined,
  iterations: number,
) {
  const providers = createProviderRegistry({
    awsDefaultCredentials: memoizeCredentialProvider(async () => {
      throw new Error('not used');
    }),
  });
  const resolved = { publicId: 'bench', definition };
  let sink = 0;
  // Warm-up (JIT, the WeakMap entry), then the measured loop.
  for (let index = 0; index < 100_000; index++)
    sink += selectUpstreams(upstreamsOf(resolved, providers), health, index, Math.random).length;
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) {
    sink += selectUpstreams(upstreamsOf(resolved, providers), health, index, Math.random).length;
  }
  const elapsedNs = Number(process.hrtime.bigint() - started);
  if (sink === 0) throw new Error('unreachable');
  return elapsedNs / iterations / 1_000;
}

async function measureFailover(): Promise<Record<string, unknown>> {
  const emulator = await startEmulator();
  emulator.setRegionFault('us-east-1', 'throttle');
  const single = CustomLlmDefinitionSchema.parse({
    internal_id: CLAUDE,
    base_url: emulator.url,
    aws_bedrock: { region: 'us-west-2', ...keys },
  });
  const failover = CustomLlmDefinitionSchema.parse({
    internal_id: CLAUDE,
    base_url: emulator.url,
    aws_bedrock: { region: 'us-east-1', ...keys },
    targets: [{ name: 'throttled' }, { name: 'healthy', priority: 1, aws_bedrock: { region: 'us-west-2' } }],
  });
  const models = [
    { publicId: 'single', definition: single },
    { publicId: 'failover', definition: failover },
  ];
  // Cooldowns off: every request to "failover" meets the 429 first and pays one failover.
  const neverCool: TargetHealth = {
    coolingUntil: () => undefined,
    recordSuccess: () => undefined,
    recordFailure: () => undefined,
    describe: () => [],
  };
  let id = 0;
  const gateway: Gateway = createGateway({
    verifyCallerKey: () => ({ id: 'bench', name: 'bench', hint: 'ench' }),
    resolveModel: (model) => models.find((candidate) => candidate.publicId === model),
    listModels: () => models,
    fetch: (request, signal) =>
      fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal,
      }),
    now: () => new Date(),
    generateId: () => `bench-${++id}`,
    targetHealth: neverCool,
  });
  const once = async (model: string) => {
    const started = performance.now();
    const response = await gateway.chatCompletions(
      new Request('http://bench/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: 'Bearer bench', 'content-type': 'application/json' },
        body: JSON.stringify({ model, max_tokens: 16, messages: [{ role: 'user', content: 'ping' }] }),
      }),
    );
    await response.text();
    if (response.status !== 200) throw new Error(`${model}: HTTP ${response.status}`);
    return performance.now() - started;
  };
  for (let index = 0; index < 200; index++) await once(index % 2 === 0 ? 'single' : 'failover');
  const baseline: number[] = [];
  const failedOver: number[] = [];
  // Interleaved, so drift (GC, the machine's other load) hits both alike.
  for (let index = 0; index < REQUESTS; index++) {
    baseline.push(await once('single'));
    failedOver.push(await once('failover'));
  }
  await emulator.close();
  const base = summarize(baseline);
  const over = summarize(failedOver);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    requests: REQUESTS,
    single_target_ms: { p50: round(base.p50), p99: round(base.p99) },
    one_failover_ms: { p50: round(over.p50), p99: round(over.p99) },
    added_by_one_failover_ms: { p50: round(over.p50 - base.p50), p99: round(over.p99 - base.p99) },
  };
}

const singleTarget = CustomLlmDefinitionSchema.parse({
  internal_id: CLAUDE,
  aws_bedrock: { region: 'us-east-1', ...keys },
});
const threeTargets = CustomLlmDefinitionSchema.parse({
  ...singleTarget,
  targets: [
    { name: 'a', weight: 2 },
    { name: 'b', aws_bedrock: { region: 'us-west-2' } },
    { name: 'c', priority: 1 },
  ],
});
const health = createInMemoryTargetHealth();
const selection = {
  single_target_us_per_request: measureSelection(singleTarget, health, 5_000_000),
  three_targets_with_health_us_per_request: measureSelection(threeTargets, health, 1_000_000),
};
console.log(JSON.stringify({ selection, failover: await measureFailover() }, null, 2));
