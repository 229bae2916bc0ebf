import { describe, expect, it } from 'vitest';
import {
  anthropicAliasesFor,
  BEDROCK_CLAUDE_MODELS,
  baseModelId,
  findBedrockModel,
  inferenceProfileWarning,
  supportsThinking,
} from './bedrock-model-catalog';

const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('Bedrock Claude catalog', () => {
  it('lists the Claude models with unique, real-looking ids', () => {
    const ids = BEDROCK_CLAUDE_MODELS.map((model) => model.modelId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^anthropic\.claude-[a-z0-9-]+-\d{8}-v\d:0$/);
    expect(ids).toEqual(
      expect.arrayContaining([
        'anthropic.claude-3-haiku-20240307-v1:0',
        'anthropic.claude-3-5-sonnet-20240620-v1:0',
        'anthropic.claude-3-5-sonnet-20241022-v2:0',
        'anthropic.claude-3-5-haiku-20241022-v1:0',
        'anthropic.claude-3-7-sonnet-20250219-v1:0',
        'anthropic.claude-sonnet-4-20250514-v1:0',
        'anthropic.claude-opus-4-20250514-v1:0',
        'anthropic.claude-opus-4-1-20250805-v1:0',
        SONNET_45,
        'anthropic.claude-haiku-4-5-20251001-v1:0',
        'anthropic.claude-opus-4-5-20251101-v1:0',
      ]),
    );
  });

  it('finds a model by id, profile id or ARN', () => {
    expect(findBedrockModel(SONNET_45)?.displayName).toBe('Claude Sonnet 4.5');
    expect(findBedrockModel(`us.${SONNET_45}`)?.modelId).toBe(SONNET_45);
    expect(findBedrockModel(`us-gov.${SONNET_45}`)?.modelId).toBe(SONNET_45);
    expect(findBedrockModel(`global.${SONNET_45}`)?.modelId).toBe(SONNET_45);
    expect(
      findBedrockModel(`arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.${SONNET_45}`)?.modelId,
    ).toBe(SONNET_45);
    expect(findBedrockModel(`arn:aws:bedrock:us-east-1::foundation-model/${SONNET_45}`)?.modelId).toBe(
      SONNET_45,
    );
    expect(findBedrockModel('amazon.titan-text-express-v1')).toBeUndefined();
    expect(baseModelId(`apac.${SONNET_45}`)).toBe(SONNET_45);
  });

  it('gives the Anthropic API names', () => {
    expect(anthropicAliasesFor(`us.${SONNET_45}`)).toEqual([
      'claude-sonnet-4-5-20250929',
      'claude-sonnet-4-5',
    ]);
    expect(anthropicAliasesFor('anthropic.claude-3-haiku-20240307-v1:0')).toEqual([
      'claude-3-haiku-20240307',
    ]);
    expect(anthropicAliasesFor('meta.llama3-70b-instruct-v1:0')).toEqual([]);
  });

  it('knows which models support extended thinking', () => {
    expect(supportsThinking(`us.${SONNET_45}`)).toBe(true);
    expect(supportsThinking('anthropic.claude-3-7-sonnet-20250219-v1:0')).toBe(true);
    expect(supportsThinking('anthropic.claude-3-5-sonnet-20241022-v2:0')).toBe(false);
    expect(supportsThinking('unknown-model')).toBe(false);
  });
});

describe('inferenceProfileWarning', () => {
  it('suggests the profile for the region', () => {
    expect(inferenceProfileWarning(SONNET_45, 'us-east-1')).toBe(
      `${SONNET_45} needs an inference profile; did you mean us.${SONNET_45}?`,
    );
    expect(inferenceProfileWarning(SONNET_45, 'eu-central-1')).toContain(`did you mean eu.${SONNET_45}?`);
    expect(inferenceProfileWarning(SONNET_45, 'ap-northeast-1')).toContain(`did you mean jp.${SONNET_45}?`);
    expect(inferenceProfileWarning(SONNET_45, 'ap-southeast-2')).toContain(`did you mean au.${SONNET_45}?`);
    expect(inferenceProfileWarning(SONNET_45, 'us-gov-west-1')).toContain(
      `did you mean us-gov.${SONNET_45}?`,
    );
    expect(inferenceProfileWarning(SONNET_45, 'sa-east-1')).toContain(`did you mean global.${SONNET_45}?`);
  });

  it('falls back to apac. where a model has no jp./au. profile', () => {
    const sonnet37 = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
    expect(inferenceProfileWarning(sonnet37, 'ap-northeast-1')).toContain(`did you mean apac.${sonnet37}?`);
    expect(inferenceProfileWarning(sonnet37, 'ap-southeast-2')).toContain(`did you mean apac.${sonnet37}?`);
  });

  it('says so when no system profile serves the region', () => {
    expect(inferenceProfileWarning('anthropic.claude-opus-4-1-20250805-v1:0', 'eu-west-1')).toMatch(
      /needs an inference profile, and none is listed for eu-west-1/,
    );
  });

  it('is silent for profile ids, ARNs, on-demand models and unknown models', () => {
    expect(inferenceProfileWarning(`us.${SONNET_45}`, 'us-east-1')).toBeUndefined();
    expect(
      inferenceProfileWarning(
        `arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc`,
        'us-east-1',
      ),
    ).toBeUndefined();
    expect(inferenceProfileWarning('anthropic.claude-3-haiku-20240307-v1:0', 'us-east-1')).toBeUndefined();
    expect(inferenceProfileWarning('amazon.nova-pro-v1:0', 'us-east-1')).toBeUndefined();
  });
});
