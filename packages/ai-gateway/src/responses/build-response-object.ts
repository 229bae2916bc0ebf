import type { AnthropicStopReason, AnthropicUsage } from '../translate/anthropic-types';
import type { ToolOrigin } from './flatten-responses-tools';
import type { ParsedResponsesRequest } from './parse-responses-request';
import type { ReasoningSealer } from './reasoning-sealing';
import type { ResponseObject, ResponseOutputItem, ResponseUsage } from './responses-types';

/** What both the stream encoder and the whole-message converter need to write a Response. */
export type ResponseContext = {
  /** `resp_…` */
  id: string;
  createdAt: number;
  /** The model name the caller asked for. */
  model: string;
  request: ParsedResponsesRequest;
  toolNames: ReadonlyMap<string, ToolOrigin>;
  /** Set when `text.format` was answered through this forced tool. */
  jsonResponseTool?: string | undefined;
  sealer: ReasoningSealer;
  /** Makes the random part of item ids (`msg_`, `fc_`, `rs_`). */
  ids: () => string;
  now: () => Date;
};

/** The caller asked for `encrypted_content` on reasoning items. */
export const includesEncryptedReasoning = (request: ParsedResponsesRequest): boolean =>
  request.include?.includes('reasoning.encrypted_content') === true;

/** The response object around `output`, echoing the request the way OpenAI does. */
export function buildResponseObject(
  context: ResponseContext,
  fields: Pick<ResponseObject, 'status' | 'output' | 'usage' | 'error' | 'incomplete_details'>,
): ResponseObject {
  const { request } = context;
  const done = fields.status !== 'in_progress';
  return {
    id: context.id,
    object: 'response',
    created_at: context.createdAt,
    completed_at: done && fields.status === 'completed' ? Math.floor(context.now().getTime() / 1000) : null,
    status: fields.status,
    error: fields.error,
    incomplete_details: fields.incomplete_details,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: context.model,
    output: fields.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    top_p: request.top_p ?? 1,
    text: { format: (request.text?.format as Record<string, unknown> | undefined) ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools.map(echoTool),
    truncation: 'disabled',
    // OpenAI's schema types both as present-or-absent, never null.
    ...(fields.usage ? { usage: fields.usage } : {}),
    ...(request.user ? { user: request.user } : {}),
    metadata: request.metadata ?? {},
  };
}

/** OpenAI answers function tools with `strict` and `parameters` always present. */
function echoTool(tool: ParsedResponsesRequest['tools'][number]): unknown {
  if (tool.type !== 'function') return tool;
  const fn = tool as { parameters?: unknown; strict?: unknown; description?: unknown };
  return {
    ...tool,
    parameters: fn.parameters ?? null,
    strict: fn.strict ?? null,
    description: fn.description ?? null,
  };
}

/** Status and incomplete reason from the upstream's stop reason. */
export function statusFromStopReason(
  stopReason: AnthropicStopReason | string | null | undefined,
): Pick<ResponseObject, 'status' | 'incomplete_details'> {
  if (stopReason === 'max_tokens' || stopReason === 'model_context_window_exceeded')
    return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (stopReason === 'refusal')
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/**
 * Anthropic usage -> Responses usage. OpenAI's `input_tokens` includes cached tokens (Anthropic's
 * does not). Anthropic does not count thinking tokens apart; they are estimated from the thinking
 * text (4 characters a token), never above the output tokens.
 */
export function mapResponsesUsage(usage: Partial<AnthropicUsage>, thinkingCharacters: number): ResponseUsage {
  const cached = usage.cache_read_input_tokens ?? 0;
  const written = usage.cache_creation_input_tokens ?? 0;
  const input = (usage.input_tokens ?? 0) + cached + written;
  const output = usage.output_tokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached, cache_write_tokens: written },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: Math.min(output, Math.ceil(thinkingCharacters / 4)) },
    total_tokens: input + output,
  };
}

/** The caller's tool behind a flat upstream name (unknown names are returned as they came). */
export function callTarget(
  context: ResponseContext,
  flatName: string,
): { name: string; namespace?: string; kind: 'function' | 'custom' } {
  return context.toolNames.get(flatName) ?? { name: flatName, kind: 'function' };
}

export type { ResponseOutputItem };

/**
 * Reasoning items always carry their sealed block internally (a stored response needs it to
 * continue); a caller that did not ask for `reasoning.encrypted_content` gets them without it.
 */
export function redactReasoning<T>(value: T): T {
  if (Array.isArray(value)) return value.map(redactReasoning) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
    key,
    redactReasoning(inner),
  ]);
  const copy = Object.fromEntries(entries) as Record<string, unknown>;
  if (copy.type === 'reasoning' && 'encrypted_content' in copy) delete copy.encrypted_content;
  return copy as T;
}
