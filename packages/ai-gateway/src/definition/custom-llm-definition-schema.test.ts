import { describe, expect, it } from 'vitest';
import { apiAdapterOf } from './custom-llm-definition-schema';
import { definitionJsonSchema } from './definition-json-schema';
import { validateDefinition } from './validate-definition';

const openAi = {
  internal_id: 'gpt-4o',
  display_name: 'GPT-4o',
  base_url: 'https://api.openai.com/v1',
  api_key: 'sk-x',
};
const bedrock = {
  internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  display_name: 'Claude',
  aws_bedrock: { region: 'us-east-1', access_key_id: 'AKIAEXAMPLE', secret_access_key: 'secret' },
};

function issuesOf(input: unknown) {
  const result = validateDefinition(input);
  if (result.success) throw new Error('expected the definition to be refused');
  return result.issues;
}

describe('CustomLlmDefinitionSchema', () => {
  it('accepts the original schema shape (a compatible superset)', () => {
    const original = {
      ...openAi,
      context_length: 128000,
      max_completion_tokens: 4096,
      organization_ids: [],
      supports_image_input: true,
      extra_headers: { 'x-team': 'a' },
      extra_body: { temperature: 0.2 },
      remove_from_body: ['user'],
      opencode_settings: { ai_sdk_provider: 'openai' },
      openclaw_settings: { api_adapter: 'openai-completions' },
      pricing: { prompt: '0.0000025', completion: '0.00001' },
    };
    expect(validateDefinition(original).success).toBe(true);
  });

  it.each([
    ['static keys', { region: 'us-east-1', access_key_id: 'A', secret_access_key: 'S' }],
    [
      'session token',
      { region: 'eu-central-1', access_key_id: 'A', secret_access_key: 'S', session_token: 'T' },
    ],
    ['Bedrock API key', { region: 'ap-southeast-2', api_key: 'k' }],
    ['default credentials', { region: 'us-gov-west-1', use_default_credentials: true }],
  ])('accepts Bedrock with %s and no base_url', (_label, aws_bedrock) => {
    expect(validateDefinition({ ...bedrock, aws_bedrock }).success).toBe(true);
  });

  it('defaults the adapter from the upstream', () => {
    const parsed = validateDefinition(bedrock);
    const parsedOpenAi = validateDefinition(openAi);
    if (!parsed.success || !parsedOpenAi.success) throw new Error('valid definitions refused');
    expect(apiAdapterOf(parsed.definition)).toBe('anthropic-messages');
    expect(apiAdapterOf(parsedOpenAi.definition)).toBe('openai-completions');
  });

  it('accepts openai-responses for an OpenAI-compatible upstream and refuses it with aws_bedrock', () => {
    const responses = { openclaw_settings: { api_adapter: 'openai-responses' } };
    const parsed = validateDefinition({ ...openAi, ...responses });
    if (!parsed.success) throw new Error('openai-responses refused');
    expect(apiAdapterOf(parsed.definition)).toBe('openai-responses');
    expect(issuesOf({ ...bedrock, ...responses })).toEqual([
      expect.objectContaining({
        path: 'openclaw_settings.api_adapter',
        message: expect.stringContaining('not "openai-responses"'),
      }),
    ]);
  });

  it('refuses unknown keys at every depth, naming each path', () => {
    const issues = issuesOf({
      ...bedrock,
      colour: 'blue',
      aws_bedrock: { ...bedrock.aws_bedrock, profile: 'x' },
      openclaw_settings: { api_adapter: 'anthropic-messages', extra: 1 },
      pricing: { prompt: '1', completion: '1', discount: '1' },
    });
    expect(issues.map((issue) => issue.path).sort()).toEqual(
      ['aws_bedrock.profile', 'colour', 'openclaw_settings.extra', 'pricing.discount'].sort(),
    );
    for (const issue of issues) expect(issue.message).toBe('is not a known field');
  });

  it.each([
    ['us-east-1; rm -rf', 'aws_bedrock.region'],
    ['evil.com/', 'aws_bedrock.region'],
    ['us-east-1.attacker.example', 'aws_bedrock.region'],
    ['', 'aws_bedrock.region'],
  ])('refuses the region %j so it can never reach a host name', (region, path) => {
    const issues = issuesOf({ ...bedrock, aws_bedrock: { ...bedrock.aws_bedrock, region } });
    expect(issues.map((issue) => issue.path)).toContain(path);
  });

  it('requires exactly one Bedrock auth mode', () => {
    expect(issuesOf({ ...bedrock, aws_bedrock: { region: 'us-east-1' } })[0]?.message).toMatch(
      /choose one auth mode/,
    );
    const both = issuesOf({ ...bedrock, aws_bedrock: { ...bedrock.aws_bedrock, api_key: 'k' } });
    expect(both[0]?.message).toMatch(/only one auth mode/);
    const half = issuesOf({ ...bedrock, aws_bedrock: { region: 'us-east-1', access_key_id: 'A' } });
    expect(half.map((issue) => issue.path)).toContain('aws_bedrock.secret_access_key');
    const orphanToken = issuesOf({
      ...bedrock,
      aws_bedrock: { region: 'us-east-1', api_key: 'k', session_token: 't' },
    });
    expect(orphanToken.map((issue) => issue.path)).toContain('aws_bedrock.session_token');
  });

  it('gives one path-specific message per bad field', () => {
    const issues = issuesOf({
      internal_id: '',
      base_url: 'ftp://files.example.com',
      context_length: 1.5,
      max_completion_tokens: 0,
      aliases: [''],
      extra_headers: { 'bad header': 'x' },
      openclaw_settings: { api_adapter: 'soap' },
    });
    const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        'aliases[0]',
        'base_url',
        'context_length',
        'extra_headers.bad header',
        'internal_id',
        'max_completion_tokens',
        'openclaw_settings.api_adapter',
      ].sort(),
    );
    expect(byPath.context_length).toBe('must be a whole number');
    expect(byPath.max_completion_tokens).toBe('must be greater than 0');
  });

  it('requires base_url without aws_bedrock, and aws_bedrock for the converse adapter', () => {
    expect(issuesOf({ internal_id: 'x' }).map((issue) => issue.path)).toEqual(['base_url']);
    const converse = issuesOf({ ...openAi, openclaw_settings: { api_adapter: 'bedrock-converse' } });
    expect(converse.map((issue) => issue.path)).toEqual(['openclaw_settings.api_adapter']);
  });

  it('refuses a root that is not an object', () => {
    expect(issuesOf([1, 2])[0]?.path).toBe('(root)');
  });

  it('exports a JSON Schema for the editor that is strict too', () => {
    const schema = definitionJsonSchema() as {
      properties: Record<string, unknown>;
      additionalProperties: unknown;
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['internal_id', 'aws_bedrock', 'aliases']),
    );
    expect(schema.additionalProperties).toBe(false);
  });
});
