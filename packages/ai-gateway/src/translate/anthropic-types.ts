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
  content?: string | Array<AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock>;
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
};
export type AnthropicThinkingBlock = { type: 'thinking'; thinking: string; signature: string };
export type AnthropicRedactedThinkingBlock = { type: 'redacted_thinking'; data: string };
/** A document: base64 PDF, plain text or content blocks (https://docs.anthropic.com/en/docs/build-with-claude/pdf-support). */
export type AnthropicDocumentBlock = {
  type: 'document';
  source:
    | { type: 'base64'; media_type: string; data: string }
    | { type: 'text'; media_type: string; data: string }
    | { type: 'content'; content: string | AnthropicTextBlock[] }
    | { type: 'url'; url: string };
  title?: string;
  context?: string;
  citations?: { enabled: boolean };
  cache_control?: AnthropicCacheControl;
};

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | AnthropicDocumentBlock;

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

/** `adaptive` (Claude 4.6+) lets the model choose its budget, steered by `output_config.effort`. */
export type AnthropicThinkingConfig =
  | { type: 'enabled'; budget_tokens: number }
  | { type: 'adaptive'; [key: string]: unknown }
  | { type: 'disabled' };

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

// ---- Edge validation of caller bodies ----
// Forward compatible (DESIGN.md "Request flow" 2): what the gateway reads or changes is checked; any
// other field, and any content block or tool of a type it does not know, passes through unchanged.
// What an upstream refuses is dropped or mapped by its provider.

const CacheControlSchema = z.looseObject({ type: z.string() });

const TextBlockSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  cache_control: CacheControlSchema.optional(),
});
const ImageBlockSchema = z.looseObject({
  type: z.literal('image'),
  source: z.looseObject({ type: z.string() }),
  cache_control: CacheControlSchema.optional(),
});
/**
 * A block of a known type must have that type's shape (its error names the field); a block of any
 * other type (document, server tool results, newer ones) passes as sent.
 */
function knownOrOther<T extends z.ZodType>(known: T, knownTypes: ReadonlySet<string>) {
  return z.looseObject({ type: z.string() }).superRefine((block, context) => {
    if (!knownTypes.has(block.type)) return;
    const result = known.safeParse(block);
    if (result.success) return;
    for (const issue of result.error.issues) {
      context.addIssue({ code: 'custom', message: issue.message, path: [...issue.path] });
    }
  });
}

const ToolResultContentSchema = z.union([
  z.string(),
  z.array(
    knownOrOther(
      z.discriminatedUnion('type', [TextBlockSchema, ImageBlockSchema]),
      new Set(['text', 'image']),
    ),
  ),
]);
const KnownBlockSchema = z.discriminatedUnion('type', [
  TextBlockSchema,
  ImageBlockSchema,
  z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() }),
  z.looseObject({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: ToolResultContentSchema.optional(),
    is_error: z.boolean().optional(),
  }),
  z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() }),
  z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() }),
]);
const ContentBlockSchema = knownOrOther(
  KnownBlockSchema,
  new Set(['text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking']),
);

export const AnthropicMessagesRequestSchema = z.looseObject({
  model: z.string().optional(),
  messages: z
    .array(
      z.looseObject({
        // `system` inside `messages` (Claude Code sends one): moved to the top-level `system` for
        // upstreams that refuse it (hoistSystemMessages).
        role: z.enum(['user', 'assistant', 'system']),
        content: z.union([z.string(), z.array(ContentBlockSchema)]),
      }),
    )
    .min(1, 'must contain at least one message'),
  system: z.union([z.string(), z.array(knownOrOther(TextBlockSchema, new Set(['text'])))]).optional(),
  max_tokens: z.number().int().positive(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().nonnegative().optional(),
  stop_sequences: z.array(z.string()).optional(),
  // Custom tools (`input_schema`, maybe `defer_loading`, `$schema` …) and typed ones (server tools
  // such as `web_search_20250305`, client tools such as `bash_20250124`): only the name is read.
  tools: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        type: z.string().optional(),
        input_schema: z.record(z.string(), z.unknown()).optional(),
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
  thinking: knownOrOther(
    z.discriminatedUnion('type', [
      z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1024) }),
      z.looseObject({ type: z.literal('adaptive') }),
      z.looseObject({ type: z.literal('disabled') }),
    ]),
    new Set(['enabled', 'adaptive', 'disabled']),
  ).optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  stream: z.boolean().optional(),
});

/**
 * Validates a caller's `/v1/messages` body; throws GatewayError 400 `invalid_request` with `param`.
 * The result is the pivot: `role: "system"` messages are moved into the top-level `system`.
 */
export function parseAnthropicMessagesRequest(json: unknown): AnthropicMessagesRequest {
  const result = AnthropicMessagesRequestSchema.safeParse(json);
  if (!result.success) throw zodErrorToGatewayError(result.error);
  return hoistSystemMessages(result.data as Record<string, unknown>) as AnthropicMessagesRequest;
}

/**
 * A `/v1/messages/count_tokens` body: a Messages request without `max_tokens` (nor `stream`).
 */
export function parseAnthropicCountTokensRequest(json: unknown): AnthropicMessagesRequest {
  const result = AnthropicMessagesRequestSchema.extend({
    max_tokens: z.number().int().positive().optional(),
    stream: z.unknown().optional(),
  }).safeParse(json);
  if (!result.success) throw zodErrorToGatewayError(result.error);
  const { stream: _stream, ...body } = result.data;
  return hoistSystemMessages(body) as AnthropicMessagesRequest;
}

type SystemBlock = { type: string; [key: string]: unknown };

/**
 * `role: "system"` messages inside `messages` moved, in order, to the end of the top-level `system`
 * (Bedrock and Converse take only user and assistant turns). A body without them is returned as is.
 */
export function hoistSystemMessages(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages)) return body;
  const isSystem = (message: unknown) => (message as { role?: unknown } | null)?.role === 'system';
  if (!messages.some(isSystem)) return body;
  const system: SystemBlock[] = toBlocks(body.system);
  for (const message of messages.filter(isSystem))
    system.push(...toBlocks((message as { content: unknown }).content));
  return { ...body, system, messages: messages.filter((message) => !isSystem(message)) };
}

function toBlocks(content: unknown): SystemBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as SystemBlock[]) : [];
}
