import { type EmulatorHandle, startEmulator } from '@gateway/bedrock-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import { targetHealthKey } from './target-health';
import {
  bedrockRequestsOf,
  type CallerEndpoint,
  callModel,
  completed,
  targetsTestGateway,
} from './targets-test-support';

/**
 * Targets end to end on the emulator: three Bedrock regions (the region is the SigV4 scope), each
 * with its own credentials, one of them throttling; failover re-signed per target; a priority-1
 * Anthropic-API target; fallbacks. Real sockets, real signatures, no mocks.
 */
const CLAUDE = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const credentials = {
  use1: { accessKeyId: 'AKIATARGETUSEAST1', secretAccessKey: 'secret/us-east-1/EXAMPLE' },
  usw2: { accessKeyId: 'AKIATARGETUSWEST2', secretAccessKey: 'secret/us-west-2/EXAMPLE' },
  euw1: { accessKeyId: 'AKIATARGETEUWEST1', secretAccessKey: 'secret/eu-west-1/EXAMPLE' },
};
const REGIONS = { use1: 'us-east-1', usw2: 'us-west-2', euw1: 'eu-west-1' } as const;
type Region = keyof typeof REGIONS;

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator({ credentials: Object.values(credentials), anthropicApiKey: 'sk-ant-test' });
});
afterAll(() => emulator?.close());
beforeEach(() => emulator.reset());

const bedrockTarget = (name: Region, extra: Record<string, unknown> = {}) => ({
  name,
  aws_bedrock: {
    region: REGIONS[name],
    access_key_id: credentials[name].accessKeyId,
    secret_access_key: credentials[name].secretAccessKey,
  },
  ...extra,
});

const threeRegions = (): CustomLlmDefinition => ({
  internal_id: CLAUDE,
  base_url: emulator.url,
  aws_bedrock: { region: 'us-east-1', use_default_credentials: true },
  targets: [
    bedrockTarget('use1'),
    bedrockTarget('usw2', { weight: 1 }),
    bedrockTarget('euw1', { weight: 3 }),
  ],
});

const anthropicTarget = () => ({
  name: 'anthropic-api',
  priority: 1,
  aws_bedrock: null,
  base_url: emulator.url,
  api_key: 'sk-ant-test',
  internal_id: 'claude-haiku-4-5',
  openclaw_settings: { api_adapter: 'anthropic-messages' as const },
});

const COMBINATIONS: [CallerEndpoint, boolean][] = [
  ['chat', false],
  ['chat', true],
  ['messages', false],
  ['messages', true],
];

describe('three Bedrock regions, one throttling every request', () => {
  it('gives 1,000 callers no error, splits by weight, cools the throttled region down and back', async () => {
    const cooldownMs = 300;
    const { gateway, health } = targetsTestGateway({ claude: threeRegions() }, { policy: { cooldownMs } });
    emulator.setRegionFault('us-east-1', 'throttle');
    const served = new Map<string, number>();
    const failures: string[] = [];
    let sawCooldown = false;
    for (let batch = 0; batch < 50; batch++) {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) => {
          const [endpoint, stream] = COMBINATIONS[index % 4] as [CallerEndpoint, boolean];
          return callModel(gateway, endpoint, 'claude', stream).then((result) => ({ ...result, stream }));
        }),
      );
      for (const result of results) {
        if (result.status !== 200 || !completed(result.body, result.stream))
          failures.push(result.body.slice(0, 200));
        served.set(result.target ?? '', (served.get(result.target ?? '') ?? 0) + 1);
      }
      sawCooldown ||= health.coolingUntil(targetHealthKey('claude', 'use1'), Date.now()) !== undefined;
    }
    expect(failures).toEqual([]);
    expect(served.get('use1')).toBeUndefined();
    const west = served.get('usw2') ?? 0;
    const europe = served.get('euw1') ?? 0;
    expect(west + europe).toBe(1_000);
    expect(europe / 1_000).toBeGreaterThan(0.7);
    expect(europe / 1_000).toBeLessThan(0.8);
    expect(sawCooldown).toBe(true);
    // Cooldowns kept the throttled region to a few probes, not a third of the traffic.
    const throttled = bedrockRequestsOf(emulator).filter((request) => request.region === 'us-east-1');
    expect(throttled.length).toBeLessThan(100);

    // The region recovers: after the period, live traffic probes it and it takes its share again.
    emulator.clearRegionFaults();
    await new Promise((resolve) => setTimeout(resolve, cooldownMs + 50));
    const after = await Promise.all(
      Array.from({ length: 100 }, () => callModel(gateway, 'chat', 'claude', false)),
    );
    expect(after.every((result) => result.status === 200)).toBe(true);
    expect(after.filter((result) => result.target === 'use1').length).toBeGreaterThan(5);
    expect(health.coolingUntil(targetHealthKey('claude', 'use1'), Date.now())).toBeUndefined();
  }, 60_000);
});

describe('failover', () => {
  const ordered = (): CustomLlmDefinition => ({
    internal_id: CLAUDE,
    base_url: emulator.url,
    aws_bedrock: { region: 'us-east-1', use_default_credentials: true },
    targets: [
      bedrockTarget('use1'),
      bedrockTarget('usw2', { priority: 1 }),
      bedrockTarget('euw1', { priority: 2 }),
    ],
  });

  it.each(COMBINATIONS)(
    're-signs each attempt with that target’s credentials and region (%s, stream %s)',
    async (endpoint, stream) => {
      const { gateway, records } = targetsTestGateway({ claude: ordered() });
      emulator.setRegionFault('us-east-1', 'throttle');
      const result = await callModel(gateway, endpoint, 'claude', stream);
      expect(result.status).toBe(200);
      expect(completed(result.body, stream)).toBe(true);
      expect(result.target).toBe('usw2');
      const attempts = bedrockRequestsOf(emulator);
      expect(
        attempts.map(({ region, accessKeyId, signatureVerified }) => ({
          region,
          accessKeyId,
          signatureVerified,
        })),
      ).toEqual([
        { region: 'us-east-1', accessKeyId: credentials.use1.accessKeyId, signatureVerified: true },
        { region: 'us-west-2', accessKeyId: credentials.usw2.accessKeyId, signatureVerified: true },
      ]);
      expect(records.at(-1)).toMatchObject({ target: 'usw2', attempts: 2, status: 200 });
    },
  );

  it.each([['chat'], ['messages']] as const)(
    'fails over when the stream opens with a throttling exception (%s)',
    async (endpoint) => {
      const { gateway } = targetsTestGateway({ claude: ordered() });
      emulator.setRegionFault('us-east-1', 'throttle-first-frame');
      const result = await callModel(gateway, endpoint, 'claude', true);
      expect(result.status).toBe(200);
      expect(completed(result.body, true)).toBe(true);
      expect(result.target).toBe('usw2');
    },
  );

  it('shows the throttled target cooling down in the console view', async () => {
    const { gateway } = targetsTestGateway({ claude: ordered() }, { policy: { cooldownMs: 60_000 } });
    emulator.setRegionFault('us-east-1', 'throttle');
    expect((await callModel(gateway, 'chat', 'claude', false)).status).toBe(200);
    const targets = await gateway.targets({ publicId: 'claude', definition: ordered() });
    expect(targets.map(({ name, state, region, provider }) => ({ name, state, region, provider }))).toEqual([
      { name: 'use1', state: 'cooling_down', region: 'us-east-1', provider: 'bedrock' },
      { name: 'usw2', state: 'healthy', region: 'us-west-2', provider: 'bedrock' },
      { name: 'euw1', state: 'healthy', region: 'eu-west-1', provider: 'bedrock' },
    ]);
    expect(targets[0]).toMatchObject({ recent_attempts: 1, recent_failures: 1, recent_error_rate: 1 });
    expect(Date.parse(targets[0]?.cooling_down_until ?? '')).toBeGreaterThan(Date.now() + 50_000);
  });

  it('honours GATEWAY_MAX_RETRIES as the budget across targets', async () => {
    const { gateway, records } = targetsTestGateway(
      { claude: ordered() },
      { deps: { limits: { maxRetries: 1 } } },
    );
    emulator.setRegionFault('us-east-1', 'service-unavailable');
    emulator.setRegionFault('us-west-2', 'service-unavailable');
    const result = await callModel(gateway, 'chat', 'claude', false);
    expect(result.status).toBe(503);
    expect(bedrockRequestsOf(emulator).map((request) => request.region)).toEqual(['us-east-1', 'us-west-2']);
    expect(records.at(-1)).toMatchObject({ attempts: 2, status: 503 });
  });

  it('never tries a non-retryable failure elsewhere (wrong credentials: 502 from the first target)', async () => {
    const definition = ordered();
    const broken = {
      ...bedrockTarget('use1'),
      aws_bedrock: {
        region: 'us-east-1',
        access_key_id: credentials.use1.accessKeyId,
        secret_access_key: 'wrong',
      },
    };
    const { gateway } = targetsTestGateway({
      claude: { ...definition, targets: [broken, ...(definition.targets ?? []).slice(1)] },
    });
    const result = await callModel(gateway, 'messages', 'claude', false);
    expect(result.status).toBe(502);
    expect(bedrockRequestsOf(emulator)).toHaveLength(1);
  });

  it('waits for retry-after when it comes back to the same target', async () => {
    const single: CustomLlmDefinition = {
      internal_id: CLAUDE,
      base_url: emulator.url,
      aws_bedrock: bedrockTarget('usw2').aws_bedrock,
    };
    const { gateway } = targetsTestGateway({ claude: single });
    emulator.setRegionFault('us-west-2', 'throttle', { times: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const result = await callModel(gateway, 'chat', 'claude', false);
    expect(result.status).toBe(200);
    expect(result.target).toBe('default');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('a priority-1 Anthropic-API target behind two Bedrock targets', () => {
  const withBackup = (): CustomLlmDefinition => ({
    internal_id: CLAUDE,
    base_url: emulator.url,
    aws_bedrock: { region: 'us-east-1', use_default_credentials: true },
    targets: [bedrockTarget('use1'), bedrockTarget('usw2'), anthropicTarget()],
  });

  it.each(COMBINATIONS)(
    'takes over only when both Bedrock targets are down (%s, stream %s)',
    async (endpoint, stream) => {
      const { gateway } = targetsTestGateway({ claude: withBackup() });
      emulator.setRegionFault('us-east-1', 'service-unavailable');
      for (let index = 0; index < 8; index++) {
        const result = await callModel(gateway, endpoint, 'claude', stream);
        expect(result.status).toBe(200);
        expect(result.target).toBe('usw2');
      }
      expect(emulator.requests.filter((request) => request.face === 'anthropic')).toHaveLength(0);
      emulator.setRegionFault('us-west-2', 'throttle');
      for (let index = 0; index < 4; index++) {
        const result = await callModel(gateway, endpoint, 'claude', stream);
        expect(result.status).toBe(200);
        expect(completed(result.body, stream)).toBe(true);
        expect(result.target).toBe('anthropic-api');
      }
    },
  );
});

describe('fallbacks', () => {
  it('tries the fallback model when every target failed, and names it in x-gateway-target', async () => {
    const primary: CustomLlmDefinition = {
      ...threeRegions(),
      targets: [bedrockTarget('use1')],
      fallbacks: ['backup'],
    };
    const backup: CustomLlmDefinition = {
      internal_id: CLAUDE,
      base_url: emulator.url,
      aws_bedrock: bedrockTarget('euw1').aws_bedrock,
    };
    const { gateway, records } = targetsTestGateway(
      { primary, backup },
      { deps: { limits: { maxRetries: 0 } } },
    );
    emulator.setRegionFault('us-east-1', 'service-unavailable');
    const result = await callModel(gateway, 'messages', 'primary', true);
    expect(result.status).toBe(200);
    expect(result.target).toBe('backup#default');
    expect(records.at(-1)).toMatchObject({ publicId: 'primary', target: 'backup#default', attempts: 2 });
  });
});
