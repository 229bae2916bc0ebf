import { describe, expect, it } from 'vitest';
import { definitionJsonSchema } from './definition-json-schema';
import { resolveTargets } from './definition-targets';
import { validateDefinition } from './validate-definition';

const keys = (id: string) => ({ access_key_id: `AKIA${id}`, secret_access_key: `secret-${id}` });
const threeRegions = {
  internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  aws_bedrock: { region: 'us-east-1', ...keys('A') },
  targets: [
    { name: 'use1' },
    { name: 'usw2', weight: 3, aws_bedrock: { region: 'us-west-2', ...keys('B') } },
    { name: 'euw1', aws_bedrock: { region: 'eu-west-1' } },
    {
      name: 'anthropic',
      priority: 1,
      aws_bedrock: null,
      base_url: 'https://api.anthropic.com',
      api_key: 'sk-ant',
      internal_id: 'claude-sonnet-4-5',
      openclaw_settings: { api_adapter: 'anthropic-messages' },
    },
  ],
  fallbacks: ['claude-haiku'],
};

function issuesOf(input: unknown) {
  const result = validateDefinition(input);
  if (result.success) throw new Error('expected the definition to be refused');
  return result.issues;
}

describe('targets', () => {
  it('applies the top level to each target (auth as a group, region by field, null leaves Bedrock)', () => {
    const result = validateDefinition(threeRegions);
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    const targets = resolveTargets(result.definition);
    expect(targets.map(({ name, weight, priority }) => ({ name, weight, priority }))).toEqual([
      { name: 'use1', weight: 1, priority: 0 },
      { name: 'usw2', weight: 3, priority: 0 },
      { name: 'euw1', weight: 1, priority: 0 },
      { name: 'anthropic', weight: 1, priority: 1 },
    ]);
    expect(targets[0]?.definition.aws_bedrock).toEqual({ region: 'us-east-1', ...keys('A') });
    expect(targets[1]?.definition.aws_bedrock).toEqual({ region: 'us-west-2', ...keys('B') });
    expect(targets[2]?.definition.aws_bedrock).toEqual({ region: 'eu-west-1', ...keys('A') });
    expect(targets[3]?.definition.aws_bedrock).toBeUndefined();
    expect(targets[3]?.definition.internal_id).toBe('claude-sonnet-4-5');
    expect(targets[3]?.definition).not.toHaveProperty('targets');
  });

  it('is one target named default without targets', () => {
    const { targets: _targets, fallbacks: _fallbacks, ...single } = threeRegions;
    const result = validateDefinition(single);
    if (!result.success) throw new Error('refused');
    expect(resolveTargets(result.definition)).toEqual([
      { name: 'default', weight: 1, priority: 0, definition: result.definition },
    ]);
  });

  it.each([
    ['an empty array', { targets: [] }, 'targets'],
    ['a duplicate name', { targets: [{ name: 'a' }, { name: 'a' }] }, 'targets[1].name'],
    ['a bad name', { targets: [{ name: 'US_East' }] }, 'targets[0].name'],
    ['a zero weight', { targets: [{ name: 'a', weight: 0 }] }, 'targets[0].weight'],
    ['a negative weight', { targets: [{ name: 'a', weight: -1 }] }, 'targets[0].weight'],
    ['a fractional priority', { targets: [{ name: 'a', priority: 0.5 }] }, 'targets[0].priority'],
    ['17 targets', { targets: Array.from({ length: 17 }, (_, index) => ({ name: `t${index}` })) }, 'targets'],
    ['an unknown target field', { targets: [{ name: 'a', pricing: {} }] }, 'targets[0].pricing'],
    [
      'a bad region',
      { targets: [{ name: 'a', aws_bedrock: { region: 'evil.com/x' } }] },
      'targets[0].aws_bedrock.region',
    ],
    [
      'two auth modes after merging',
      { targets: [{ name: 'a', aws_bedrock: { api_key: 'k', access_key_id: 'A' } }] },
      'targets[0].aws_bedrock',
    ],
    [
      'a non-Bedrock target without base_url',
      { targets: [{ name: 'a', aws_bedrock: null }] },
      'targets[0].base_url',
    ],
    ['a fallback listed twice', { fallbacks: ['x', 'x'] }, 'fallbacks[1]'],
    [
      'external_id without role_arn',
      { aws_bedrock: { region: 'us-east-1', ...keys('A'), external_id: 'abc' } },
      'aws_bedrock.external_id',
    ],
    [
      'a bad role ARN',
      { aws_bedrock: { region: 'us-east-1', ...keys('A'), role_arn: 'arn:aws:s3:::bucket' } },
      'aws_bedrock.role_arn',
    ],
  ])('refuses %s with its path', (_label, change, path) => {
    const { targets: _targets, fallbacks: _fallbacks, ...base } = threeRegions;
    const issues = issuesOf({ ...base, ...change });
    expect(issues.map((issue) => issue.path)).toContain(path);
  });

  it('accepts AssumeRole on static keys and on the default chain, per target', () => {
    const role = {
      role_arn: 'arn:aws:iam::123456789012:role/bedrock',
      external_id: 'ext-1',
      role_session_name: 'gw',
    };
    const result = validateDefinition({
      ...threeRegions,
      targets: [
        { name: 'a', aws_bedrock: role },
        { name: 'b', aws_bedrock: { region: 'us-west-2', use_default_credentials: true, ...role } },
      ],
    });
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    const [first, second] = resolveTargets(result.definition);
    expect(first?.definition.aws_bedrock).toEqual({ region: 'us-east-1', ...keys('A'), ...role });
    expect(second?.definition.aws_bedrock).toEqual({
      region: 'us-west-2',
      use_default_credentials: true,
      ...role,
    });
  });

  it('puts targets in the editor JSON Schema', () => {
    const schema = definitionJsonSchema() as { properties: Record<string, unknown> };
    expect(schema.properties).toHaveProperty('targets');
    expect(schema.properties).toHaveProperty('fallbacks');
  });
});
