import { z } from 'zod';
import { zodErrorToGatewayError } from './zod-error-to-gateway-error';

/**
 * Anthropic Messages wire shapes, the gateway's pivot format.
 * https://docs.anthropic.com/en/api/messages and https://docs.anthropic.com/en/api/messages-streaming
 */

export type AnthropicCacheControl = { type: 'ephemeral'; ttl?: '5m' | '1h' };

export type AnthropicTextBlock = { type: 'text'; text: string; cache_control?: AnthropicCacheControl };
export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string };
export type AnthropicImageBlock = {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl;
};
export type AnthropicToolUseBlock = {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
  cache_control?: AnthropicCacheControl;
};
export type AnthropicToolResultBlock = {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<AnthropicTextBlock | AnthropicImageBlock>;
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
};
export type AnthropicThinkingBlock = { type: 'thinking'; thinking: string; signature: string };
export type AnthropicRedactedThinkingBlock = { type: 'redacted_thinking'; data: string };

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock;

export type AnthropicMessageParam = {
  role: 'user' | 'assistant';
  content: string | AnthropicContentBlock[];
};

export type AnthropicTool = {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
};

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export type AnthropicThinkingConfig = { type: 'enabled'; budget_tokens: number } | { type: 'disabled' };

export type AnthropicMessagesRequest = {
  model?: string;
  messages: AnthropicMessageParam[];
  system?: string | AnthropicTextBlock[];
  max_tokens: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  metadata?: { user_id?: string | null };
  stream?: boolean;
  [key: string]: unknown;
};

/** `refusal` also stands for Bedrock guardrail and content-filter stops (see map-stop-reason.ts). */
export type AnthropicStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export type AnthropicUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
};

export type AnthropicMessage = {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason | string | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
};

export type AnthropicContentBlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string };

/** Bedrock invoke streams add these counts to the final `message_stop` chunk. */
export type BedrockInvocationMetrics = {
  inputTokenCount?: number;
  outputTokenCount?: number;
  cacheReadInputTokenCount?: number;
  cacheWriteInputTokenCount?: number;
  invocationLatency?: number;
  firstByteLatency?: number;
};

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | {
      type: 'content_block_start';
      index: number;
      content_block:
        | AnthropicTextBlock
        | AnthropicToolUseBlock
        | AnthropicThinkingBlock
        | AnthropicRedactedThinkingBlock;
    }
  | { type: 'content_block_delta'; index: number; delta: AnthropicContentBlockDelta }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason | string | null; stop_sequence: string | null };
      usage: Partial<AnthropicUsage>;
    }
  | { type: 'message_stop'; 'amazon-bedrock-invocationMetrics'?: BedrockInvocationMetrics }
  | { type: 'ping' }
  | { type: 'error'; error: { type: string; message: string } };

// ---- Edge validation of caller bodies (loose: unknown parameters pass through to the policy) ----

const CacheControlSchema = z.looseObject({
  type: z.literal('ephemeral'),
  ttl: z.enum(['5m', '1h']).optional(),
});

const TextBlockSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: CacheControlSchema.optional(),
});
const ImageBlockSchema = z.looseObject({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
    z.looseObject({ type: z.literal('url'), url: z.string() }),
  ]),
  cache_control: CacheControlSchema.optional(),
});
const ContentBlockSchema = z.discriminatedUnion('type', [
  TextBlockSchema,
  ImageBlockSchema,
  z.looseObject({
    type: z.literal('tool_use'),
    id: z.string(),
    name: z.string(),
    input: z.unknown(),
    cache_control: CacheControlSchema.optional(),
  }),
  z.looseObject({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: z
      .union([z.string(), z.array(z.discriminatedUnion('type', [TextBlockSchema, ImageBlockSchema]))])
      .optional(),
    is_error: z.boolean().optional(),
    cache_control: CacheControlSchema.optional(),
  }),
  z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() }),
  z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() }),
]);

export const AnthropicMessagesRequestSchema = z.looseObject({
  model: z.string().optional(),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(['user', 'assistant']),
        content: z.union([z.string(), z.array(ContentBlockSchema)]),
      }),
    )
    .min(1, 'must contain at least one message'),
  system: z.union([z.string(), z.array(TextBlockSchema)]).optional(),
  max_tokens: z.number().int().positive(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().nonnegative().optional(),
  stop_sequences: z.array(z.string()).optional(),
  tools: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        description: z.string().optional(),
        input_schema: z.record(z.string(), z.unknown()),
        cache_control: CacheControlSchema.optional(),
      }),
    )
    .optional(),
  tool_choice: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
      z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
      z.looseObject({
        type: z.literal('tool'),
        name: z.string(),
        disable_parallel_tool_use: z.boolean().optional(),
      }),
      z.looseObject({ type: z.literal('none') }),
    ])
    .optional(),
  thinking: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1024) }),
      z.looseObject({ type: z.literal('disabled') }),
    ])
    .optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  stream: z.boolean().optional(),
});

/** Validates a caller's `/v1/messages` body; throws GatewayError 400 `invalid_request` with `param`. */
export function parseAnthropicMessagesRequest(json: unknown): AnthropicMessagesRequest {
  const result = AnthropicMessagesRequestSchema.safeParse(json);
  if (!result.success) throw zodErrorToGatewayError(result.error);
  return result.data as AnthropicMessagesRequest;
}
