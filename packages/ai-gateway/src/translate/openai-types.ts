import { z } from 'zod';
import { zodErrorToGatewayError } from './zod-error-to-gateway-error';

/**
 * OpenAI Chat Completions wire shapes.
 * https://platform.openai.com/docs/api-reference/chat/create and .../chat-streaming
 */

export type OpenAiTextPart = { type: 'text'; text: string };
export type OpenAiImagePart = { type: 'image_url'; image_url: { url: string; detail?: string } };
export type OpenAiContentPart = OpenAiTextPart | OpenAiImagePart | { type: string; [key: string]: unknown };

export type OpenAiToolCall = {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
};

export type OpenAiMessage =
  | { role: 'system' | 'developer'; content: string | OpenAiContentPart[]; name?: string }
  | { role: 'user'; content: string | OpenAiContentPart[]; name?: string }
  | {
      role: 'assistant';
      content?: string | OpenAiContentPart[] | null;
      tool_calls?: OpenAiToolCall[];
      refusal?: string | null;
      name?: string;
      thinking_blocks?: OpenAiThinkingBlock[];
    }
  | { role: 'tool'; content: string | OpenAiContentPart[]; tool_call_id: string };

export type OpenAiFunctionTool = {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
};

export type OpenAiToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

export type OpenAiResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean };
    };

export type OpenAiChatRequest = {
  model?: string;
  messages: OpenAiMessage[];
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stop?: string | string[] | null;
  tools?: Array<OpenAiFunctionTool | { type: string; [key: string]: unknown }>;
  tool_choice?: OpenAiToolChoice;
  reasoning_effort?: string | null;
  response_format?: OpenAiResponseFormat;
  user?: string;
  stream?: boolean | null;
  [key: string]: unknown;
};

export type OpenAiFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export type OpenAiUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
};

export type OpenAiChatCompletion = {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: {
      role: 'assistant';
      content: string | null;
      refusal?: string | null;
      tool_calls?: OpenAiToolCall[];
      /** Not in OpenAI's spec; the name DeepSeek, vLLM and LiteLLM use for reasoning text. */
      reasoning_content?: string;
      /** Claude's thinking blocks with their signatures (LiteLLM's field), to send back next turn. */
      thinking_blocks?: OpenAiThinkingBlock[];
    };
    finish_reason: OpenAiFinishReason | null;
    logprobs?: null;
  }>;
  usage?: OpenAiUsage;
};

/**
 * A Claude thinking block on the OpenAI route (LiteLLM's `thinking_blocks`): returned on the
 * assistant message and accepted back on it, so the signature reaches Claude unchanged.
 */
export type OpenAiThinkingBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

export type OpenAiToolCallDelta = {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
};

export type OpenAiChunkDelta = {
  role?: 'assistant';
  content?: string | null;
  reasoning_content?: string;
  /** Some OpenAI-compatible servers (vLLM, OpenRouter) name it `reasoning`. */
  reasoning?: string;
  tool_calls?: OpenAiToolCallDelta[];
  refusal?: string | null;
  /** Whole thinking blocks (with signatures), each sent once when the block ends. */
  thinking_blocks?: OpenAiThinkingBlock[];
};

export type OpenAiChatChunk = {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    delta: OpenAiChunkDelta;
    finish_reason: OpenAiFinishReason | null;
    logprobs?: null;
  }>;
  usage?: OpenAiUsage | null;
};

// ---- Edge validation of caller bodies (loose: unknown parameters pass through to the policy) ----

const ContentPartSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text'), text: z.string() }),
  z.looseObject({
    type: z.literal('image_url'),
    image_url: z.looseObject({ url: z.string(), detail: z.string().optional() }),
  }),
  z.looseObject({ type: z.literal('input_audio') }),
  z.looseObject({ type: z.literal('file') }),
  z.looseObject({ type: z.literal('refusal'), refusal: z.string() }),
]);
const ContentSchema = z.union([z.string(), z.array(ContentPartSchema)]);

const ToolCallSchema = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const MessageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: ContentSchema, name: z.string().optional() }),
  z.looseObject({ role: z.literal('developer'), content: ContentSchema, name: z.string().optional() }),
  z.looseObject({ role: z.literal('user'), content: ContentSchema, name: z.string().optional() }),
  z.looseObject({
    role: z.literal('assistant'),
    content: ContentSchema.nullish(),
    tool_calls: z.array(ToolCallSchema).optional(),
    refusal: z.string().nullish(),
    name: z.string().optional(),
    thinking_blocks: z
      .array(
        z.discriminatedUnion('type', [
          z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() }),
          z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() }),
        ]),
      )
      .nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), content: ContentSchema, tool_call_id: z.string() }),
]);

const ToolSchema = z.looseObject({
  type: z.string(),
  function: z
    .looseObject({
      name: z.string().min(1),
      description: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    })
    .optional(),
});

export const OpenAiChatRequestSchema = z.looseObject({
  model: z.string().optional(),
  messages: z.array(MessageSchema).min(1, 'must contain at least one message'),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  tools: z.array(ToolSchema).optional(),
  tool_choice: z
    .union([
      z.enum(['none', 'auto', 'required']),
      z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
    ])
    .optional(),
  reasoning_effort: z.string().nullish(),
  response_format: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({ type: z.literal('json_object') }),
      z.looseObject({
        type: z.literal('json_schema'),
        json_schema: z.looseObject({
          name: z.string().min(1),
          description: z.string().optional(),
          schema: z.record(z.string(), z.unknown()).optional(),
          strict: z.boolean().nullish(),
        }),
      }),
    ])
    .optional(),
  user: z.string().optional(),
  stream: z.boolean().nullish(),
});

/** Validates a caller's `/v1/chat/completions` body; throws GatewayError 400 `invalid_request` with `param`. */
export function parseOpenAiChatRequest(json: unknown): OpenAiChatRequest {
  const result = OpenAiChatRequestSchema.safeParse(json);
  if (!result.success) throw zodErrorToGatewayError(result.error);
  return result.data as OpenAiChatRequest;
}
