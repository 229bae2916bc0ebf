import type { AwsError } from './bedrock-errors';

/** Which `thinking` types a Claude model takes: `budget` = `enabled` + `budget_tokens`. */
export type ThinkingSupport = 'none' | 'budget' | 'budget-and-adaptive' | 'adaptive';

export type ResolvedModel = {
  /** The foundation model behind the id, e.g. `anthropic.claude-sonnet-4-5-20250929-v1:0`. */
  baseModelId: string;
  provider: string;
  /** True when the id named an inference profile (or its ARN) rather than the foundation model. */
  viaProfile: boolean;
  thinking: ThinkingSupport;
  /** Embedding models answer InvokeModel only, never streaming or Converse. */
  embedding: boolean;
};

type CatalogEntry = { onDemand: boolean; thinking?: ThinkingSupport; embedding?: boolean };

const BUDGET = { thinking: 'budget' } as const;

// A small catalogue: the ids gateways use. `onDemand: false` ids must be called through an inference
// profile. https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
const CATALOG: Record<string, CatalogEntry> = {
  'anthropic.claude-3-haiku-20240307-v1:0': { onDemand: true },
  'anthropic.claude-3-sonnet-20240229-v1:0': { onDemand: true },
  'anthropic.claude-3-5-sonnet-20240620-v1:0': { onDemand: true },
  'anthropic.claude-3-5-sonnet-20241022-v2:0': { onDemand: true },
  'anthropic.claude-3-5-haiku-20241022-v1:0': { onDemand: true },
  'anthropic.claude-3-7-sonnet-20250219-v1:0': { onDemand: false, ...BUDGET },
  'anthropic.claude-sonnet-4-20250514-v1:0': { onDemand: false, ...BUDGET },
  'anthropic.claude-opus-4-20250514-v1:0': { onDemand: false, ...BUDGET },
  'anthropic.claude-opus-4-1-20250805-v1:0': { onDemand: false, ...BUDGET },
  'anthropic.claude-sonnet-4-5-20250929-v1:0': { onDemand: false, ...BUDGET },
  'anthropic.claude-haiku-4-5-20251001-v1:0': { onDemand: false, ...BUDGET },
  'anthropic.claude-opus-4-5-20251101-v1:0': { onDemand: false, ...BUDGET },
  // Claude 4.6 takes both thinking types; Opus 4.7 only adaptive (ids as Bedrock lists them, no date).
  'anthropic.claude-opus-4-6-v1': { onDemand: false, thinking: 'budget-and-adaptive' },
  'anthropic.claude-sonnet-4-6': { onDemand: false, thinking: 'budget-and-adaptive' },
  'anthropic.claude-opus-4-7': { onDemand: false, thinking: 'adaptive' },
  // Embeddings: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
  // and model-parameters-embed-v3.html / model-parameters-embed-v4.html.
  'amazon.titan-embed-text-v2:0': { onDemand: true, embedding: true },
  'cohere.embed-english-v3': { onDemand: true, embedding: true },
  'cohere.embed-multilingual-v3': { onDemand: true, embedding: true },
  'cohere.embed-v4:0': { onDemand: true, embedding: true },
  'amazon.nova-micro-v1:0': { onDemand: true },
  'amazon.nova-lite-v1:0': { onDemand: true },
  'amazon.nova-pro-v1:0': { onDemand: true },
  'meta.llama3-8b-instruct-v1:0': { onDemand: true },
  'mistral.mistral-large-2402-v1:0': { onDemand: true },
};

export const KNOWN_BASE_MODEL_IDS = Object.keys(CATALOG);

/** The embedding models among them (InvokeModel only). */
export const KNOWN_EMBEDDING_MODEL_IDS = KNOWN_BASE_MODEL_IDS.filter((id) => CATALOG[id]?.embedding);

const PROFILE_PREFIX = /^(us-gov|us|eu|apac|jp|au|ca|global)\.(.+)$/;
const ARN = /^arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]+:\d{0,12}:(inference-profile|foundation-model)\/(.+)$/;

function notFound(): AwsError {
  return {
    status: 404,
    errorType: 'ResourceNotFoundException',
    message: 'The provided model identifier is invalid.',
  };
}

function resolved(baseModelId: string, entry: CatalogEntry, viaProfile: boolean): ResolvedModel {
  return {
    baseModelId,
    provider: baseModelId.slice(0, baseModelId.indexOf('.')),
    viaProfile,
    thinking: entry.thinking ?? 'none',
    embedding: entry.embedding ?? false,
  };
}

function resolveProfile(profileId: string): ResolvedModel | AwsError {
  const match = PROFILE_PREFIX.exec(profileId);
  const baseModelId = match?.[2];
  const entry = baseModelId === undefined ? undefined : CATALOG[baseModelId];
  return baseModelId && entry ? resolved(baseModelId, entry, true) : notFound();
}

function resolveFoundationModel(modelId: string, forInvocation = true): ResolvedModel | AwsError {
  const entry = CATALOG[modelId];
  if (!entry) return notFound();
  if (!entry.onDemand && forInvocation) {
    return {
      status: 400,
      errorType: 'ValidationException',
      message: `Invocation of model ID ${modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    };
  }
  return resolved(modelId, entry, false);
}

/**
 * Resolves the `{modelId}` path label, decoded once from the wire. A double-encoded id (`%253A` on
 * the wire) still holds `%3A` here and is therefore unknown, as on the real service.
 */
export function resolveModelId(modelId: string): ResolvedModel | AwsError {
  const arn = ARN.exec(modelId);
  if (arn) return arn[1] === 'inference-profile' ? resolveProfile(arn[2]!) : resolveFoundationModel(arn[2]!);
  if (PROFILE_PREFIX.test(modelId)) return resolveProfile(modelId);
  return resolveFoundationModel(modelId);
}

export function isAwsError(value: ResolvedModel | AwsError): value is AwsError {
  return 'errorType' in value;
}

/** `anthropic.claude-sonnet-4-5-20250929-v1:0` -> `claude-sonnet-4-5-20250929`, as Bedrock reports it. */
export function anthropicModelName(baseModelId: string): string {
  return baseModelId.replace(/^anthropic\./, '').replace(/-v\d+:\d+$/, '');
}

/**
 * CountTokens takes a foundation model (`FoundationModelVersionIdentifier` in the service model), and
 * counting invokes nothing, so on-demand support does not matter; an inference profile is refused.
 */
export function resolveFoundationModelId(modelId: string): ResolvedModel | AwsError {
  const arn = ARN.exec(modelId);
  const id = arn ? (arn[1] === 'foundation-model' ? arn[2]! : undefined) : modelId;
  if (id === undefined || PROFILE_PREFIX.test(id)) {
    return {
      status: 400,
      errorType: 'ValidationException',
      message: `The provided model identifier is invalid. CountTokens takes a foundation model ID, not an inference profile: ${modelId}`,
    };
  }
  return resolveFoundationModel(id, false);
}
