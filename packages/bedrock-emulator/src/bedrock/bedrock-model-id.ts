import type { AwsError } from './bedrock-errors';

export type ResolvedModel = {
  /** The foundation model behind the id, e.g. `anthropic.claude-sonnet-4-5-20250929-v1:0`. */
  baseModelId: string;
  provider: string;
};

type CatalogEntry = { onDemand: boolean };

// A small catalogue: the ids gateways use. `onDemand: false` ids must be called through an inference
// profile. https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
const CATALOG: Record<string, CatalogEntry> = {
  'anthropic.claude-3-haiku-20240307-v1:0': { onDemand: true },
  'anthropic.claude-3-sonnet-20240229-v1:0': { onDemand: true },
  'anthropic.claude-3-5-sonnet-20240620-v1:0': { onDemand: true },
  'anthropic.claude-3-5-sonnet-20241022-v2:0': { onDemand: true },
  'anthropic.claude-3-5-haiku-20241022-v1:0': { onDemand: true },
  'anthropic.claude-3-7-sonnet-20250219-v1:0': { onDemand: false },
  'anthropic.claude-sonnet-4-20250514-v1:0': { onDemand: false },
  'anthropic.claude-opus-4-20250514-v1:0': { onDemand: false },
  'anthropic.claude-opus-4-1-20250805-v1:0': { onDemand: false },
  'anthropic.claude-sonnet-4-5-20250929-v1:0': { onDemand: false },
  'anthropic.claude-haiku-4-5-20251001-v1:0': { onDemand: false },
  'anthropic.claude-opus-4-5-20251101-v1:0': { onDemand: false },
  'amazon.nova-micro-v1:0': { onDemand: true },
  'amazon.nova-lite-v1:0': { onDemand: true },
  'amazon.nova-pro-v1:0': { onDemand: true },
  'meta.llama3-8b-instruct-v1:0': { onDemand: true },
  'mistral.mistral-large-2402-v1:0': { onDemand: true },
};

export const KNOWN_BASE_MODEL_IDS = Object.keys(CATALOG);

const PROFILE_PREFIX = /^(us-gov|us|eu|apac|jp|au|ca|global)\.(.+)$/;
const ARN = /^arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]+:\d{0,12}:(inference-profile|foundation-model)\/(.+)$/;

function notFound(): AwsError {
  return {
    status: 404,
    errorType: 'ResourceNotFoundException',
    message: 'The provided model identifier is invalid.',
  };
}

function resolved(baseModelId: string): ResolvedModel {
  return { baseModelId, provider: baseModelId.slice(0, baseModelId.indexOf('.')) };
}

function resolveProfile(profileId: string): ResolvedModel | AwsError {
  const match = PROFILE_PREFIX.exec(profileId);
  const baseModelId = match?.[2];
  return baseModelId && CATALOG[baseModelId] ? resolved(baseModelId) : notFound();
}

function resolveFoundationModel(modelId: string): ResolvedModel | AwsError {
  const entry = CATALOG[modelId];
  if (!entry) return notFound();
  if (!entry.onDemand) {
    return {
      status: 400,
      errorType: 'ValidationException',
      message: `Invocation of model ID ${modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    };
  }
  return resolved(modelId);
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
