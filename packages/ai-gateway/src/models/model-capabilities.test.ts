import { describe, expect, it } from 'vitest';
import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import { claudeFamilyOf } from './claude-model-family';
import { modelCapabilities } from './model-capabilities';

const definition = (internal_id: string, extra: Partial<CustomLlmDefinition> = {}): CustomLlmDefinition => ({
  internal_id,
  base_url: 'https://api.example.com',
  ...extra,
});

describe('claudeFamilyOf', () => {
  it.each([
    ['claude-sonnet-4-5', 'sonnet', 4.5, 'budget'],
    ['claude-sonnet-4-5-20250929', 'sonnet', 4.5, 'budget'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'sonnet', 4.5, 'budget'],
    ['anthropic.claude-opus-4-20250514-v1:0', 'opus', 4, 'budget'],
    ['claude-opus-4-1', 'opus', 4.1, 'budget'],
    ['global.anthropic.claude-opus-4-6-v1', 'opus', 4.6, 'adaptive'],
    ['claude-opus-4-7', 'opus', 4.7, 'adaptive'],
    ['claude-sonnet-5', 'sonnet', 5, 'adaptive'],
    ['anthropic.claude-3-7-sonnet-20250219-v1:0', 'sonnet', 3.7, 'budget'],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'haiku', 3.5, 'none'],
    ['claude-3-haiku-20240307', 'haiku', 3, 'none'],
    [
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0',
      'haiku',
      4.5,
      'budget',
    ],
  ])('%s is %s %s with %s thinking', (id, tier, version, thinking) => {
    expect(claudeFamilyOf(id)).toMatchObject({ tier, version, thinking });
  });

  it('names no family for other models or application inference profiles', () => {
    expect(claudeFamilyOf('gpt-4o')).toBeUndefined();
    expect(claudeFamilyOf('us.amazon.nova-pro-v1:0')).toBeUndefined();
    expect(
      claudeFamilyOf('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3'),
    ).toBeUndefined();
  });
});

describe('modelCapabilities', () => {
  it('is the same for one model on the Anthropic API and on Bedrock', () => {
    const onAnthropic = modelCapabilities(definition('claude-sonnet-4-5'));
    const onBedrock = modelCapabilities(
      definition('us.anthropic.claude-sonnet-4-5-20250929-v1:0', {
        base_url: undefined,
        aws_bedrock: { region: 'us-east-1', use_default_credentials: true },
      }),
    );
    expect(onAnthropic).toEqual(onBedrock);
    expect(onAnthropic).toEqual({ thinking: 'budget', images: true, documents: true, prompt_caching: true });
  });

  it('lets the definition override what the id says, field by field', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3';
    expect(modelCapabilities(definition(arn)).thinking).toBe('none');
    expect(
      modelCapabilities(definition(arn, { capabilities: { thinking: 'adaptive', documents: true } })),
    ).toEqual({ thinking: 'adaptive', images: false, documents: true, prompt_caching: false });
    expect(
      modelCapabilities(definition('claude-sonnet-4-5', { capabilities: { thinking: 'none' } })).thinking,
    ).toBe('none');
  });

  it('keeps supports_image_input: false as a hard off', () => {
    expect(modelCapabilities(definition('claude-sonnet-4-5', { supports_image_input: false })).images).toBe(
      false,
    );
    expect(modelCapabilities(definition('llama-3', { supports_image_input: true })).images).toBe(true);
  });
});
