/**
 * Claude models on Bedrock (data only; logic in `bedrock-model-catalog.ts`). Model ids, inference
 * profile geographies and feature support as listed in the AWS model cards and the Anthropic model
 * overview, checked 2025-12:
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html
 * https://docs.anthropic.com/en/docs/about-claude/models/overview
 */
export type BedrockProfileGeography = 'us' | 'eu' | 'apac' | 'jp' | 'au' | 'us-gov' | 'global';

export type BedrockClaudeModel = {
  /** The base model id, e.g. `anthropic.claude-sonnet-4-5-20250929-v1:0`. */
  modelId: string;
  displayName: string;
  /** Anthropic API names: the dated id first, then its aliases. */
  anthropicNames: readonly string[];
  /** On-demand calls with the bare model id are refused; an inference profile id or ARN is needed. */
  requiresInferenceProfile: boolean;
  supportsExtendedThinking: boolean;
  /** Geographies with a system-defined cross-region inference profile (`<geo>.<modelId>`). */
  profileGeographies: readonly BedrockProfileGeography[];
};

export const BEDROCK_CLAUDE_MODELS: readonly BedrockClaudeModel[] = [
  {
    modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    displayName: 'Claude 3 Haiku',
    anthropicNames: ['claude-3-haiku-20240307'],
    requiresInferenceProfile: false,
    supportsExtendedThinking: false,
    profileGeographies: ['us', 'eu', 'apac', 'us-gov'],
  },
  {
    modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
    displayName: 'Claude 3.5 Sonnet',
    anthropicNames: ['claude-3-5-sonnet-20240620'],
    requiresInferenceProfile: false,
    supportsExtendedThinking: false,
    profileGeographies: ['us', 'eu', 'apac', 'us-gov'],
  },
  {
    modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
    displayName: 'Claude 3.5 Sonnet v2',
    anthropicNames: ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-latest'],
    requiresInferenceProfile: false,
    supportsExtendedThinking: false,
    profileGeographies: ['us', 'apac'],
  },
  {
    modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    displayName: 'Claude 3.5 Haiku',
    anthropicNames: ['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest'],
    requiresInferenceProfile: false,
    supportsExtendedThinking: false,
    profileGeographies: ['us'],
  },
  {
    modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
    displayName: 'Claude 3.7 Sonnet',
    anthropicNames: ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest'],
    requiresInferenceProfile: true,
    supportsExtendedThinking: true,
    profileGeographies: ['us', 'eu', 'apac', 'us-gov'],
  },
  {
    modelId: 'anthropic.claude-sonnet-4-20250514-v1:0',
    displayName: 'Claude Sonnet 4',
    anthropicNames: ['claude-sonnet-4-20250514', 'claude-sonnet-4-0'],
    requiresInferenceProfile: true,
    supportsExtendedThinking: true,
    profileGeographies: ['us', 'eu', 'apac', 'global'],
  },
  {
    modelId: 'anthropic.claude-opus-4-20250514-v1:0',
    displayName: 'Claude Opus 4',
    anthropicNames: ['claude-opus-4-20250514', 'claude-opus-4-0'],
    requiresInferenceProfile: true,
    supportsExtendedThinking: true,
    profileGeographies: ['us'],
  },
  {
    modelId: 'anthropic.claude-opus-4-1-20250805-v1:0',
    displayName: 'Claude Opus 4.1',
    anthropicNames: ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    requiresInferenceProfile: true,
    supportsExtendedThinking: true,
    profileGeographies: ['us'],
  },
  {
    modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    displayName: 'Claude Sonnet 4.5',
    anthropicNames: ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    requiresInferenceProfile: true,
    supportsExtendedThinking: true,
    profileGeographies: ['us', 'eu', 'jp', 'au', 'us-gov', 'global'],
  },
  {
    modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    displayName: 'Claude Haiku 4.5',
    anthropicNames: ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    requiresInferenceProfile: true,
    supportsExtendedThinking: true,
    profileGeographies: ['us', 'eu', 'jp', 'au', 'global'],
  },
  {
    modelId: 'anthropic.claude-opus-4-5-20251101-v1:0',
    displayName: 'Claude Opus 4.5',
    anthropicNames: ['claude-opus-4-5-20251101', 'claude-opus-4-5'],
    requiresInferenceProfile: true,
    supportsExtendedThinking: true,
    profileGeographies: ['us', 'eu', 'global'],
  },
];
