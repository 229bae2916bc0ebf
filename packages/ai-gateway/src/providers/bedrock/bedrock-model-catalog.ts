import {
  BEDROCK_CLAUDE_MODELS,
  type BedrockClaudeModel,
  type BedrockProfileGeography,
} from './bedrock-claude-models';

export { BEDROCK_CLAUDE_MODELS, type BedrockClaudeModel, type BedrockProfileGeography };

/** Cross-region inference profile prefixes, longest first so `us-gov.` is not read as `us.`. */
export const BEDROCK_PROFILE_PREFIXES = ['us-gov.', 'global.', 'apac.', 'us.', 'eu.', 'jp.', 'au.'] as const;

/**
 * The base model id inside an internal id: strips an ARN (`arn:aws:bedrock:…:inference-profile/…`
 * or `…:foundation-model/…`) and a profile prefix (`us.`, `eu.`, `global.` …).
 */
export function baseModelId(internalId: string): string {
  const withoutArn = internalId.startsWith('arn:')
    ? internalId.slice(internalId.lastIndexOf('/') + 1)
    : internalId;
  const prefix = BEDROCK_PROFILE_PREFIXES.find((candidate) => withoutArn.startsWith(candidate));
  return prefix === undefined ? withoutArn : withoutArn.slice(prefix.length);
}

export function findBedrockModel(internalId: string): BedrockClaudeModel | undefined {
  const modelId = baseModelId(internalId.trim());
  return BEDROCK_CLAUDE_MODELS.find((model) => model.modelId === modelId);
}

/** Anthropic API names for a Bedrock Claude id (e.g. to offer as `aliases`); empty when unknown. */
export function anthropicAliasesFor(internalId: string): string[] {
  return [...(findBedrockModel(internalId)?.anthropicNames ?? [])];
}

export function supportsThinking(internalId: string): boolean {
  return findBedrockModel(internalId)?.supportsExtendedThinking ?? false;
}

/** The geographies whose profiles serve a region, best first. */
function geographiesFor(region: string): BedrockProfileGeography[] {
  if (region.startsWith('us-gov-')) return ['us-gov'];
  if (region.startsWith('us-')) return ['us', 'global'];
  if (region.startsWith('eu-')) return ['eu', 'global'];
  if (region === 'ap-northeast-1') return ['jp', 'apac', 'global'];
  if (region === 'ap-southeast-2') return ['au', 'apac', 'global'];
  if (region.startsWith('ap-')) return ['apac', 'global'];
  return ['global'];
}

/** The system-defined inference profile id to use for a model from a region, if there is one. */
export function inferenceProfileIdFor(internalId: string, region: string): string | undefined {
  const model = findBedrockModel(internalId);
  if (model === undefined) return undefined;
  const geography = geographiesFor(region).find((candidate) => model.profileGeographies.includes(candidate));
  return geography === undefined ? undefined : `${geography}.${model.modelId}`;
}

/**
 * A warning for a definition that names a bare model id Bedrock only serves through an inference
 * profile (its call would fail with "on-demand throughput isn't supported").
 */
export function inferenceProfileWarning(internalId: string, region: string): string | undefined {
  const id = internalId.trim();
  if (id.startsWith('arn:') || BEDROCK_PROFILE_PREFIXES.some((prefix) => id.startsWith(prefix)))
    return undefined;
  const model = findBedrockModel(id);
  if (model === undefined || !model.requiresInferenceProfile) return undefined;
  const profileId = inferenceProfileIdFor(id, region);
  return profileId === undefined
    ? `${id} needs an inference profile, and none is listed for ${region}; use an inference profile ARN.`
    : `${id} needs an inference profile; did you mean ${profileId}?`;
}
