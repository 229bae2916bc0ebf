import type { ApiAdapter } from '../../definition/custom-llm-definition-schema';

/** The `anthropic_version` Bedrock requires in Claude invoke bodies. */
export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/**
 * Body rules for Bedrock (after `remove_from_body` and `extra_body`). The model id travels in the
 * URL and streaming is chosen by the operation, so `model` and `stream` must go (Bedrock rejects
 * unknown keys). Claude's beta flags move from the `anthropic-beta` header into the body.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 */
export function finalizeBedrockBody(
  body: Record<string, unknown>,
  context: { apiAdapter: ApiAdapter; callerHeaders: Headers },
): Record<string, unknown> {
  const result = { ...body };
  delete result.model;
  delete result.stream;

  if (context.apiAdapter === 'bedrock-converse') {
    // Converse takes the id from the path only (`modelId` is a URI label in service-2.json).
    delete result.modelId;
    return result;
  }

  if (result.anthropic_version === undefined) result.anthropic_version = BEDROCK_ANTHROPIC_VERSION;
  const betas = mergeBetas(result.anthropic_beta, context.callerHeaders.get('anthropic-beta'));
  if (betas.length > 0) result.anthropic_beta = betas;
  return result;
}

function mergeBetas(existing: unknown, header: string | null): string[] {
  const fromBody = Array.isArray(existing)
    ? existing.filter((value): value is string => typeof value === 'string')
    : typeof existing === 'string'
      ? [existing]
      : [];
  const fromHeader = (header ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
  return [...new Set([...fromBody, ...fromHeader])];
}
