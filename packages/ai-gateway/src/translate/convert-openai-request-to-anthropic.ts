import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import type { ThinkingSupport } from '../models/model-capabilities';
import type { AnthropicMessagesRequest, AnthropicTool, AnthropicToolChoice } from './anthropic-types';
import type { FetchImage } from './convert-openai-image-to-anthropic';
import { convertOpenAiMessagesToAnthropic } from './convert-openai-messages-to-anthropic';
import { convertOpenAiToolsToAnthropic } from './convert-openai-tools-to-anthropic';
import { markJsonResponseTool } from './json-response-tool';
import type { OpenAiChatRequest } from './openai-types';
import { invalidRequest, unsupportedParameter } from './request-errors';

export type ConvertOpenAiRequestOptions = {
  definition: CustomLlmDefinition;
  /** How the upstream model takes extended thinking (`reasoning_effort` maps onto it). */
  thinking?: ThinkingSupport;
  /** Fetches an http(s) image; used only when `definition.allow_image_urls` is on. */
  fetchImage?: FetchImage;
};

export const DEFAULT_MAX_TOKENS = 4096;

/** Thinking budgets per `reasoning_effort`; Anthropic's minimum budget is 1024. */
export const THINKING_BUDGETS: Record<string, number> = { low: 1024, medium: 4096, high: 16384 };

/**
 * OpenAI Chat Completions request -> Anthropic Messages request (the gateway's pivot).
 * Follows https://platform.openai.com/docs/api-reference/chat/create and
 * https://docs.anthropic.com/en/api/messages. Parameters that would change the answer if dropped
 * are refused with a 400 naming them; harmless ones (penalties, seed, logit_bias, store, ...) are
 * ignored. `model` and `stream` are left to the pipeline.
 */
export async function convertOpenAiRequestToAnthropic(
  request: OpenAiChatRequest,
  options: ConvertOpenAiRequestOptions,
): Promise<AnthropicMessagesRequest> {
  rejectUnsupportedParameters(request);
  const { definition } = options;

  const { system, messages } = await convertOpenAiMessagesToAnthropic(request.messages, {
    allowImageUrls: definition.allow_image_urls === true,
    fetchImage: options.fetchImage,
    rejectImages: definition.supports_image_input === false,
  });
  if (messages.length === 0) {
    throw invalidRequest(
      'messages must contain at least one non-empty user or assistant message.',
      'messages',
    );
  }

  let { tools, toolChoice } = convertOpenAiToolsToAnthropic(request);
  const jsonTool = responseFormatTool(request, tools);
  if (jsonTool) {
    tools = [...(tools ?? []), jsonTool];
    toolChoice = jsonToolChoice(toolChoice, tools.length > 1, jsonTool.name);
  }

  let maxTokens =
    request.max_completion_tokens ??
    request.max_tokens ??
    definition.max_completion_tokens ??
    DEFAULT_MAX_TOKENS;

  const result: AnthropicMessagesRequest = { max_tokens: maxTokens, messages };
  if (system.length > 0) result.system = system;

  const thinking = thinkingBudget(request, options, toolChoice);
  if (thinking !== undefined && options.thinking === 'adaptive') {
    // Claude 4.6+ thinks adaptively; the caller's effort says how much (Opus 4.7 refuses a budget).
    // https://docs.anthropic.com/en/docs/build-with-claude/effort
    result.thinking = { type: 'adaptive' };
    result.output_config = { effort: request.reasoning_effort };
  } else if (thinking !== undefined) {
    // max_tokens counts the thinking too and must exceed the budget: keep the caller's answer room.
    if (maxTokens <= thinking) maxTokens = thinking + maxTokens;
    result.max_tokens = maxTokens;
    result.thinking = { type: 'enabled', budget_tokens: thinking };
  } else {
    // Anthropic's temperature range is 0..1 (OpenAI's 0..2); values above 1 are the most random it has.
    if (request.temperature != null) result.temperature = Math.min(request.temperature, 1);
    if (request.top_p != null) result.top_p = request.top_p;
  }
  // With thinking on, Anthropic refuses a changed temperature and narrows top_p, so both are left out
  // (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#feature-compatibility).

  if (request.stop != null) {
    const stops = typeof request.stop === 'string' ? [request.stop] : request.stop;
    if (stops.length > 0) result.stop_sequences = stops;
  }
  if (tools) result.tools = tools;
  if (toolChoice) result.tool_choice = toolChoice;
  if (typeof request.user === 'string' && request.user !== '') result.metadata = { user_id: request.user };

  return jsonTool ? markJsonResponseTool(result, jsonTool.name) : result;
}

function rejectUnsupportedParameters(request: OpenAiChatRequest): void {
  if (typeof request.n === 'number' && request.n > 1) {
    throw unsupportedParameter(
      'n',
      'this model returns one choice per request; send several requests instead.',
    );
  }
  if (request.logprobs === true)
    throw unsupportedParameter('logprobs', 'this model does not return log probabilities.');
  if (typeof request.top_logprobs === 'number' && request.top_logprobs > 0) {
    throw unsupportedParameter('top_logprobs', 'this model does not return log probabilities.');
  }
  if (request.audio != null) throw unsupportedParameter('audio', 'this model does not produce audio.');
  if (Array.isArray(request.modalities) && request.modalities.includes('audio')) {
    throw unsupportedParameter('modalities', 'this model does not produce audio.');
  }
  if (request.prediction != null)
    throw unsupportedParameter('prediction', 'predicted outputs are not supported.');
  if (request.functions != null) throw unsupportedParameter('functions', "use 'tools' instead.");
  if (request.function_call != null)
    throw unsupportedParameter('function_call', "use 'tool_choice' instead.");
  if (request.web_search_options != null) {
    throw unsupportedParameter('web_search_options', 'web search is not available for this model.');
  }
}

/** `response_format` as a tool whose input is the answer (the response converters turn it back). */
function responseFormatTool(
  request: OpenAiChatRequest,
  tools: AnthropicTool[] | undefined,
): AnthropicTool | undefined {
  const format = request.response_format;
  if (format === undefined || format.type === 'text') return undefined;
  let tool: AnthropicTool;
  if (format.type === 'json_schema') {
    const schema = format.json_schema.schema ?? { type: 'object' };
    if (schema.type !== 'object') {
      throw unsupportedParameter(
        'response_format.json_schema.schema',
        'the schema must describe a JSON object (type "object") at its root.',
      );
    }
    tool = {
      name: format.json_schema.name,
      description:
        format.json_schema.description ?? 'Give the final answer as this tool call; its input is the answer.',
      input_schema: schema,
    };
  } else if (format.type === 'json_object') {
    tool = {
      name: 'json_object',
      description: 'Give the final answer as this tool call; its input is the answer, any JSON object.',
      input_schema: { type: 'object', additionalProperties: true },
    };
  } else {
    throw unsupportedParameter(
      'response_format.type',
      `'${(format as { type: string }).type}' is not supported.`,
    );
  }
  if (tools?.some((existing) => existing.name === tool.name)) {
    throw invalidRequest(
      `response_format name '${tool.name}' is also the name of a tool; rename one of them.`,
      'response_format.json_schema.name',
    );
  }
  return tool;
}

/**
 * With only the answer tool, force it. With the caller's tools too, `any` lets the model either call
 * one of them or answer through the answer tool; a named choice is kept as the caller asked.
 */
function jsonToolChoice(
  choice: AnthropicToolChoice | undefined,
  hasOtherTools: boolean,
  name: string,
): AnthropicToolChoice {
  if (choice?.type === 'tool') return choice;
  if (hasOtherTools && choice?.type !== 'none') {
    return {
      type: 'any',
      ...(choice && 'disable_parallel_tool_use' in choice
        ? { disable_parallel_tool_use: choice.disable_parallel_tool_use }
        : {}),
    };
  }
  return { type: 'tool', name };
}

/**
 * `reasoning_effort` -> a thinking budget. Extended thinking cannot be combined with a forced tool
 * choice (which `response_format` and `required` use), so it is left off then rather than failing.
 */
function thinkingBudget(
  request: OpenAiChatRequest,
  options: ConvertOpenAiRequestOptions,
  toolChoice: AnthropicToolChoice | undefined,
): number | undefined {
  const effort = request.reasoning_effort;
  if (effort == null || effort === 'none' || effort === 'minimal') return undefined;
  const budget = THINKING_BUDGETS[effort];
  if (budget === undefined) {
    throw invalidRequest(
      `reasoning_effort must be one of none, minimal, low, medium, high; got '${effort}'.`,
      'reasoning_effort',
    );
  }
  if (options.thinking === undefined || options.thinking === 'none') return undefined;
  if (toolChoice?.type === 'any' || toolChoice?.type === 'tool') return undefined;
  return budget;
}
