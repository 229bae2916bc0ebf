import { z } from 'zod';

/**
 * Upstream answers are checked where they enter (CONVENTIONS "trust at the wrong boundary"): only
 * what the gateway reads is required, everything else passes (loose objects), so a new field from
 * an upstream is never a failure but a missing or mistyped one is a clear 502, not an `undefined`
 * in the caller's JSON.
 */
const count = z.number().nonnegative();
const optionalCount = count.nullish();

const AnthropicUsageSchema = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  cache_creation_input_tokens: optionalCount,
  cache_read_input_tokens: optionalCount,
});

const AnthropicBlockSchema = z.looseObject({ type: z.string() });

/** https://docs.anthropic.com/en/api/messages (response), also Claude's invoke body on Bedrock. */
export const AnthropicMessageAnswerSchema = z.looseObject({
  id: z.string().optional(),
  type: z.literal('message').optional(),
  role: z.literal('assistant').optional(),
  content: z.array(AnthropicBlockSchema),
  stop_reason: z.string().nullable(),
  stop_sequence: z.string().nullish(),
  usage: AnthropicUsageSchema.optional(),
});

const OpenAiToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

export const OpenAiUsageAnswerSchema = z.looseObject({
  prompt_tokens: count,
  completion_tokens: count,
  total_tokens: count.optional(),
  prompt_tokens_details: z.looseObject({ cached_tokens: optionalCount }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: optionalCount }).nullish(),
});

/** https://platform.openai.com/docs/api-reference/chat/object */
export const OpenAiChatCompletionAnswerSchema = z.looseObject({
  id: z.string().optional(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().optional(),
        message: z.looseObject({
          role: z.string().optional(),
          content: z.string().nullish(),
          tool_calls: z.array(OpenAiToolCallSchema).nullish(),
          reasoning_content: z.string().nullish(),
          refusal: z.string().nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1, 'must contain at least one choice'),
  usage: OpenAiUsageAnswerSchema.nullish(),
});

const ConverseBlockSchema = z.record(z.string(), z.unknown());

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax */
export const ConverseAnswerSchema = z.looseObject({
  output: z.looseObject({
    message: z.looseObject({ role: z.string(), content: z.array(ConverseBlockSchema) }).optional(),
  }),
  stopReason: z.string(),
  usage: z.looseObject({
    inputTokens: count,
    outputTokens: count,
    totalTokens: count.optional(),
    cacheReadInputTokens: optionalCount,
    cacheWriteInputTokens: optionalCount,
  }),
});
