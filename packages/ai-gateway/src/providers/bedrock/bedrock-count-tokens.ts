import { z } from 'zod';
import { parseUpstreamAnswer } from '../../upstream-answers/parse-upstream-answer';
import { baseModelId } from './bedrock-model-catalog';

/**
 * Bedrock's CountTokens (`POST /model/{modelId}/count-tokens`,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CountTokens.html): the input
 * is the body the chat call would send, so the count matches what invoking would be billed.
 */

/**
 * The foundation-model id CountTokens takes: an inference-profile id (`us.anthropic.…`) or an
 * inference-profile / foundation-model ARN is mapped to the model it names. An application
 * inference profile names no model; its ARN goes as it is (Bedrock answers a ValidationException).
 */
export function bedrockCountTokensModelId(internalId: string): string {
  return baseModelId(internalId.trim());
}

/** Converse members CountTokens takes (`ConverseTokensRequest` in service-2.json). */
const CONVERSE_COUNT_KEYS = ['messages', 'system', 'toolConfig', 'additionalModelRequestFields'];

/**
 * The CountTokens body around a finalized chat body: `{"input": {"invokeModel": {"body": base64}}}`
 * for Claude invoke bodies, `{"input": {"converse": {...}}}` for Converse ones.
 */
export function bedrockCountTokensBody(
  chatBody: Record<string, unknown>,
  format: 'invoke' | 'converse',
): Record<string, unknown> {
  if (format === 'converse') {
    const converse: Record<string, unknown> = {};
    for (const key of CONVERSE_COUNT_KEYS) if (chatBody[key] !== undefined) converse[key] = chatBody[key];
    return { input: { converse } };
  }
  const body = Buffer.from(JSON.stringify(chatBody), 'utf8').toString('base64');
  return { input: { invokeModel: { body } } };
}

const CountTokensAnswerSchema = z.looseObject({ inputTokens: z.number().int().nonnegative() });

export function decodeBedrockCountTokens(json: unknown, context: { label: string }): number {
  return parseUpstreamAnswer(CountTokensAnswerSchema, json, context.label).inputTokens;
}
