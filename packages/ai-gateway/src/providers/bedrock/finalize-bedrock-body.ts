import type { ApiAdapter } from '../../definition/custom-llm-definition-schema';
import { BEDROCK_ACCEPTED_BETAS, BEDROCK_INVOKE_BODY_KEYS } from './bedrock-anthropic-invoke-rules';

/** The `anthropic_version` Bedrock requires in Claude invoke bodies. */
export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/**
 * Body rules for Bedrock (after `remove_from_body` and `extra_body`). The model id travels in the
 * URL and streaming is chosen by the operation, so `model` and `stream` must go; so must every other
 * top-level key and beta Bedrock does not accept (bedrock-anthropic-invoke-rules.ts): Bedrock
 * refuses the whole request for one of them. Claude's beta flags move from the `anthropic-beta`
 * header into the body.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 */
export function finalizeBedrockBody(
  body: Record<string, unknown>,
  context: {
    apiAdapter: ApiAdapter;
    callerHeaders: Headers;
    /** Told what was left out (logged at debug): fields and betas Bedrock would refuse. */
    onDropped?: (dropped: { fields: string[]; betas: string[] }) => void;
  },
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
  const accepted = betas.filter((beta) => BEDROCK_ACCEPTED_BETAS.has(beta));
  delete result.anthropic_beta;
  if (accepted.length > 0) result.anthropic_beta = accepted;
  const fields = Object.keys(result).filter((key) => !BEDROCK_INVOKE_BODY_KEYS.has(key));
  for (const field of fields) delete result[field];
  const droppedBetas = betas.filter((beta) => !BEDROCK_ACCEPTED_BETAS.has(beta));
  if (fields.length > 0 || droppedBetas.length > 0) context.onDropped?.({ fields, betas: droppedBetas });
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
