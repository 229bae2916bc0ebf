import { z } from 'zod';
import { parseUpstreamAnswer } from '../../upstream-answers/parse-upstream-answer';

/**
 * Fields of a Messages request that `POST /v1/messages/count_tokens` does not take (it counts the
 * input only): https://docs.anthropic.com/en/api/messages-count-tokens
 */
const NOT_COUNTED = ['max_tokens', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'metadata'];

export function toAnthropicCountBody(body: Record<string, unknown>): Record<string, unknown> {
  const result = { ...body };
  for (const key of NOT_COUNTED) delete result[key];
  return result;
}

const CountTokensAnswerSchema = z.looseObject({ input_tokens: z.number().int().nonnegative() });

export function decodeAnthropicCountTokens(json: unknown, context: { label: string }): number {
  return parseUpstreamAnswer(CountTokensAnswerSchema, json, context.label).input_tokens;
}
