import { validateDefinition } from '@gateway/ai-gateway';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

/** A change that makes a definition invalid, and the issue path it must be reported under. */
type Mutation = { path: string; apply: (definition: Record<string, unknown>) => void };

const set =
  (path: string, value: unknown): Mutation['apply'] =>
  (definition) => {
    const segments = path.split('.');
    let node = definition;
    for (const segment of segments.slice(0, -1)) {
      node[segment] ??= {};
      node = node[segment] as Record<string, unknown>;
    }
    node[segments.at(-1) as string] = value;
  };

const commonMutations: fc.Arbitrary<Mutation>[] = [
  fc
    .constantFrom('', '   ', 42, null)
    .map((value) => ({ path: 'internal_id', apply: set('internal_id', value) })),
  fc
    .constantFrom(-1, 0, 1.5, '8k')
    .map((value) => ({ path: 'context_length', apply: set('context_length', value) })),
  fc
    .constantFrom(0, -5)
    .map((value) => ({ path: 'max_completion_tokens', apply: set('max_completion_tokens', value) })),
  fc.constantFrom(42, true).map((value) => ({ path: 'display_name', apply: set('display_name', value) })),
  fc.constantFrom('not a url', 'ftp://example.com/v1', 'javascript:alert(1)').map((value) => ({
    path: 'base_url',
    apply: set('base_url', value),
  })),
  fc
    .constantFrom('yes', 1)
    .map((value) => ({ path: 'supports_image_input', apply: set('supports_image_input', value) })),
  fc.constantFrom('grpc', 'openai', 7).map((value) => ({
    path: 'openclaw_settings.api_adapter',
    apply: set('openclaw_settings.api_adapter', value),
  })),
  fc.constant({ path: 'aliases[0]', apply: set('aliases', ['', 'fine']) }),
  fc.constant({ path: 'aliases', apply: set('aliases', 'not-a-list') }),
  fc.constant({
    path: 'pricing.bogus',
    apply: set('pricing', { prompt: '0.000001', completion: '0.000002', bogus: 1 }),
  }),
  fc
    .stringMatching(/^[a-z][a-z_]{2,12}$/)
    .filter((key) => !KNOWN_TOP_LEVEL.has(key))
    .map((key) => ({ path: key, apply: set(key, 'surprise') })),
];

const bedrockMutations: fc.Arbitrary<Mutation>[] = [
  fc.constantFrom('mars-1', 'us-east-1.evil.example', 'US-EAST-1', 'us-east-1/..', '').map((value) => ({
    path: 'aws_bedrock.region',
    apply: set('aws_bedrock.region', value),
  })),
  fc.constant({ path: 'aws_bedrock.endpoint', apply: set('aws_bedrock.endpoint', 'https://evil.example') }),
];

const KNOWN_TOP_LEVEL = new Set([
  'internal_id',
  'display_name',
  'context_length',
  'max_completion_tokens',
  'base_url',
  'api_key',
  'organization_ids',
  'aliases',
  'supports_image_input',
  'allow_image_urls',
  'add_cache_breakpoints',
  'inject_reasoning_into_content',
  'reasoning_summary',
  'extra_headers',
  'extra_body',
  'remove_from_body',
  'opencode_settings',
  'openclaw_settings',
  'pricing',
  'aws_bedrock',
]);

const openAiBase = fc.record(
  {
    internal_id: fc.stringMatching(/^[a-z][a-z0-9.:/-]{0,30}$/),
    display_name: fc.string({ maxLength: 20 }),
    context_length: fc.integer({ min: 1, max: 2_000_000 }),
    max_completion_tokens: fc.integer({ min: 1, max: 200_000 }),
    base_url: fc.constantFrom(
      'https://api.example.com/v1',
      'http://127.0.0.1:8080/v1',
      'https://x.example/openai',
    ),
    api_key: fc.string({ maxLength: 40 }),
    aliases: fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), { maxLength: 3 }),
    supports_image_input: fc.boolean(),
    extra_headers: fc.dictionary(fc.stringMatching(/^x-[a-z]{1,10}$/), fc.string({ maxLength: 10 }), {
      maxKeys: 2,
    }),
    extra_body: fc.dictionary(fc.stringMatching(/^[a-z_]{1,10}$/), fc.jsonValue({ maxDepth: 2 }), {
      maxKeys: 2,
    }),
  },
  { requiredKeys: ['internal_id', 'base_url'] },
);

const bedrockBase = fc.record(
  {
    internal_id: fc.constantFrom(
      'anthropic.claude-3-5-haiku-20241022-v1:0',
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/x',
    ),
    context_length: fc.integer({ min: 1, max: 2_000_000 }),
    aws_bedrock: fc.oneof(
      fc.record({
        region: fc.constantFrom('us-east-1', 'eu-central-1', 'ap-southeast-2', 'us-gov-west-1'),
        access_key_id: fc.constant('AKIAEXAMPLE'),
        secret_access_key: fc.string({ minLength: 1, maxLength: 40 }).filter((value) => value.trim() !== ''),
      }),
      fc.record({ region: fc.constant('us-west-2'), api_key: fc.constant('bedrock-api-key-1') }),
      fc.record({ region: fc.constant('eu-west-1'), use_default_credentials: fc.constant(true) }),
    ),
    openclaw_settings: fc.record({ api_adapter: fc.constantFrom('anthropic-messages', 'bedrock-converse') }),
  },
  { requiredKeys: ['internal_id', 'aws_bedrock'] },
);

/** A definition plus 0-3 mutations, each with the path it must be reported under. */
const fuzzedDefinition = fc
  .oneof(
    fc.tuple(
      openAiBase,
      fc.uniqueArray(fc.oneof(...commonMutations), {
        maxLength: 3,
        selector: (mutation) => mutation.path.split(/[.[]/)[0],
      }),
    ),
    fc.tuple(
      bedrockBase,
      fc.uniqueArray(fc.oneof(...commonMutations, ...bedrockMutations), {
        maxLength: 3,
        selector: (mutation) => mutation.path.split(/[.[]/)[0],
      }),
    ),
  )
  .map(([base, mutations]) => {
    const definition = structuredClone(base) as Record<string, unknown>;
    for (const mutation of mutations) mutation.apply(definition);
    return { definition, expectedPaths: [...new Set(mutations.map((mutation) => mutation.path))].sort() };
  });

function issuePaths(issues: { path: string; message: string }[]): string[] {
  for (const issue of issues) expect(issue.message.trim()).not.toBe('');
  return [...new Set(issues.map((issue) => issue.path))].sort();
}

describe('1,000 fuzzed definitions', () => {
  it('validateDefinition accepts the valid ones and rejects each bad field under its own path', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fuzzedDefinition, ({ definition, expectedPaths }) => {
        const result = validateDefinition(definition);
        if (expectedPaths.length === 0) {
          expect(result).toMatchObject({ success: true });
          accepted++;
        } else {
          expect(result.success).toBe(false);
          if (!result.success) expect(issuePaths(result.issues)).toEqual(expectedPaths);
          rejected++;
        }
      }),
      { numRuns: 1_000, seed: 20_260_101 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  describe('through the admin PUT (a sample)', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await startTestGateway();
    });
    afterAll(() => gateway?.close());

    it('answers 201 or 400 with the same path-specific issues, and never 500', async () => {
      const sample = fc.sample(fuzzedDefinition, { numRuns: 40, seed: 7 });
      for (const [index, { definition, expectedPaths }] of sample.entries()) {
        const response = await gateway.admin('PUT', `/api/admin/custom-llms/fuzz-${index}`, definition);
        if (expectedPaths.length === 0) {
          expect(response.status, JSON.stringify(definition)).toBe(201);
          await response.text();
        } else {
          expect(response.status).toBe(400);
          const body = (await response.json()) as { error: { issues: { path: string; message: string }[] } };
          expect(issuePaths(body.error.issues)).toEqual(expectedPaths);
        }
      }
    });
  });
});
