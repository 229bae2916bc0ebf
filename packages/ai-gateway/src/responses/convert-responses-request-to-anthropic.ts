import type { GatewayLogger } from '../gateway-deps';
import type {
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicTool,
  AnthropicToolChoice,
} from '../translate/anthropic-types';
import { markJsonResponseTool } from '../translate/json-response-tool';
import { invalidRequest, unsupportedParameter } from '../translate/request-errors';
import { convertResponsesItemsToAnthropic } from './convert-responses-items-to-anthropic';
import { findFlatName, flattenResponsesTools, type ToolOrigin } from './flatten-responses-tools';
import type { ParsedResponsesRequest, ResponsesInputItem } from './parse-responses-request';
import type { ReasoningSealer } from './reasoning-sealing';

/** How the upstream model thinks: not at all, with a token budget, or adaptively (Claude 4.6+). */
export type ThinkingCapability = 'none' | 'budget' | 'adaptive';

export type ConvertResponsesRequestOptions = {
  thinking: ThinkingCapability;
  sealer: ReasoningSealer;
  /** Items of the stored conversation `previous_response_id` continues, oldest first. */
  history?: readonly ResponsesInputItem[];
  /** `max_tokens` when the caller sets no `max_output_tokens` (the definition's limit). */
  defaultMaxTokens?: number | undefined;
  /** The upstream caches prompts (capability `prompt_caching`): `prompt_cache_key` sets a cache point. */
  promptCaching?: boolean | undefined;
  logger?: GatewayLogger | undefined;
};

export type ConvertedResponsesRequest = {
  pivot: AnthropicMessagesRequest;
  /** Hosted tools removed because the upstream cannot run them (`x-gateway-dropped-tools`). */
  droppedTools: string[];
  /** Flat upstream tool name -> the caller's tool (namespace and name). */
  toolNames: Map<string, ToolOrigin>;
};

export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
/** Budgets per `reasoning.effort`, as on /v1/chat/completions; Anthropic's minimum is 1024. */
const THINKING_BUDGETS: Record<string, number> = {
  minimal: 1024,
  low: 1024,
  medium: 4096,
  high: 16384,
  xhigh: 16384,
};
/** `output_config.effort` (https://platform.claude.com/docs/en/build-with-claude/effort); `max` is Opus-only. */
const ADAPTIVE_EFFORTS: Record<string, string> = {
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
};

/**
 * A Responses request -> the Anthropic Messages pivot
 * (https://platform.openai.com/docs/api-reference/responses/create, https://docs.anthropic.com/en/api/messages).
 * `text.format` json_schema/json_object is answered through the forced JSON-response tool
 * (translate/json-response-tool.ts), which works on every upstream kind, rather than Anthropic's
 * structured outputs, which Converse and OpenAI-compatible upstreams do not share.
 */
export async function convertResponsesRequestToAnthropic(
  request: ParsedResponsesRequest,
  options: ConvertResponsesRequestOptions,
): Promise<ConvertedResponsesRequest> {
  if (request.background === true)
    throw unsupportedParameter('background', 'background responses are not supported; poll-free calls only.');
  const flattened = flattenResponsesTools(request.tools);
  const { toolNames } = flattened;
  const converted = await convertResponsesItemsToAnthropic(options.history ?? [], request.input, {
    toolNames,
    sealer: options.sealer,
    logger: options.logger,
  });
  const { messages } = converted;
  if (messages.length === 0) throw invalidRequest('input must contain at least one user message.', 'input');

  const { tools, toolChoice } = convertToolChoice(request, flattened.tools, toolNames, flattened.hostedTools);
  let finalTools = tools;
  let finalChoice = toolChoice;
  const jsonTool = textFormatTool(request, finalTools);
  if (jsonTool) {
    finalTools = [...finalTools, jsonTool];
    finalChoice =
      finalTools.length > 1 && finalChoice?.type !== 'none'
        ? { type: 'any' }
        : { type: 'tool', name: jsonTool.name };
  }

  let maxTokens = request.max_output_tokens ?? options.defaultMaxTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const pivot: AnthropicMessagesRequest = { max_tokens: maxTokens, messages };
  const system = [
    ...(request.instructions ? [{ type: 'text' as const, text: request.instructions }] : []),
    ...converted.system,
  ];
  if (system.length > 0) pivot.system = system;
  if (finalTools.length > 0) {
    pivot.tools = finalTools;
    if (finalChoice) pivot.tool_choice = finalChoice;
  }
  if (request.prompt_cache_key && options.promptCaching) markCachePoint(pivot);

  const effort = request.reasoning?.effort;
  const forced = finalChoice?.type === 'any' || finalChoice?.type === 'tool';
  let thinkingOn = options.thinking !== 'none' && effort != null && effort !== 'none' && !forced;
  if (thinkingOn && toolTurnLostItsThinking(messages)) {
    // Anthropic: with thinking on, the assistant turn of a running tool loop must start with its
    // thinking block (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks).
    options.logger?.debug?.({}, 'responses: thinking turned off, a tool-use turn has no thinking block');
    thinkingOn = false;
  }
  if (thinkingOn && effort) {
    if (options.thinking === 'adaptive') {
      pivot.thinking = { type: 'adaptive' } as unknown as AnthropicMessagesRequest['thinking'];
      pivot.output_config = { effort: ADAPTIVE_EFFORTS[effort] ?? 'medium' };
    } else {
      const budget = THINKING_BUDGETS[effort] ?? 4096;
      // max_tokens counts the thinking too and must exceed the budget: keep the caller's answer room.
      if (maxTokens <= budget) maxTokens += budget;
      pivot.max_tokens = maxTokens;
      pivot.thinking = { type: 'enabled', budget_tokens: budget };
    }
  } else {
    stripThinking(messages);
    // Anthropic's temperature range is 0..1 (OpenAI's 0..2); with thinking on both are left out.
    if (request.temperature != null) pivot.temperature = Math.min(request.temperature, 1);
    if (request.top_p != null) pivot.top_p = request.top_p;
  }
  if (request.user) pivot.metadata = { user_id: request.user };

  return {
    pivot: jsonTool ? markJsonResponseTool(pivot, jsonTool.name) : pivot,
    droppedTools: flattened.hostedTools,
    toolNames,
  };
}

function convertToolChoice(
  request: ParsedResponsesRequest,
  allTools: AnthropicTool[],
  toolNames: ReadonlyMap<string, ToolOrigin>,
  hostedTools: readonly string[],
): { tools: AnthropicTool[]; toolChoice: AnthropicToolChoice | undefined } {
  const parallel = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  const choice = request.tool_choice;
  const forcedHosted = (type: string) =>
    invalidRequest(
      `tool_choice forces the hosted tool '${type}', which this model's upstream cannot run.`,
      'tool_choice',
    );
  if (choice == null || choice === 'auto') {
    return {
      tools: allTools,
      toolChoice:
        allTools.length > 0 && parallel.disable_parallel_tool_use ? { type: 'auto', ...parallel } : undefined,
    };
  }
  if (choice === 'none') return { tools: allTools, toolChoice: { type: 'none' } };
  if (choice === 'required') {
    if (allTools.length === 0 && hostedTools[0]) throw forcedHosted(hostedTools[0]);
    return { tools: allTools, toolChoice: { type: 'any', ...parallel } };
  }
  if (choice.type === 'function' || choice.type === 'custom') {
    const named = choice as { name: string; namespace?: string | null };
    const flat = findFlatName(toolNames, named.name, named.namespace);
    if (!flat)
      throw invalidRequest(
        `tool_choice names the tool '${named.name}', which is not in tools.`,
        'tool_choice.name',
      );
    return { tools: allTools, toolChoice: { type: 'tool', name: flat, ...parallel } };
  }
  if (choice.type === 'allowed_tools') {
    const allowed = choice as {
      mode: 'auto' | 'required';
      tools: Array<{ type: string; name?: string; namespace?: string }>;
    };
    const names = new Set<string>();
    for (const entry of allowed.tools) {
      if (entry.type !== 'function' && entry.type !== 'custom') continue;
      const flat = entry.name ? findFlatName(toolNames, entry.name, entry.namespace) : undefined;
      if (flat) names.add(flat);
    }
    const tools = allTools.filter((tool) => names.has(tool.name));
    if (allowed.mode === 'required' && tools.length === 0) {
      const hosted = allowed.tools.find((entry) => entry.type !== 'function' && entry.type !== 'custom');
      if (hosted) throw forcedHosted(hosted.type);
    }
    return { tools, toolChoice: allowed.mode === 'required' ? { type: 'any', ...parallel } : undefined };
  }
  // Any other type names a hosted tool (web_search_preview, file_search, mcp, ...).
  throw forcedHosted(choice.type);
}

function textFormatTool(
  request: ParsedResponsesRequest,
  tools: readonly AnthropicTool[],
): AnthropicTool | undefined {
  const format = request.text?.format;
  if (format === undefined || format.type === 'text') return undefined;
  let tool: AnthropicTool;
  if (format.type === 'json_schema') {
    if (format.schema.type !== 'object') {
      throw unsupportedParameter(
        'text.format.schema',
        'the schema must describe a JSON object (type "object") at its root.',
      );
    }
    tool = {
      name: format.name,
      description: format.description ?? 'Give the final answer as this tool call; its input is the answer.',
      input_schema: format.schema,
    };
  } else {
    tool = {
      name: 'json_object',
      description: 'Give the final answer as this tool call; its input is the answer, any JSON object.',
      input_schema: { type: 'object', additionalProperties: true },
    };
  }
  if (tools.some((existing) => existing.name === tool.name)) {
    throw invalidRequest(
      `text.format name '${tool.name}' is also the name of a tool; rename one of them.`,
      'text.format.name',
    );
  }
  return tool;
}

/** True when an assistant turn of the running tool loop calls a tool without a thinking block first. */
function toolTurnLostItsThinking(messages: readonly AnthropicMessageParam[]): boolean {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (!message || !Array.isArray(message.content)) return false;
    if (message.role === 'user') {
      if (!message.content.every((block) => block.type === 'tool_result')) return false;
      continue;
    }
    const first = message.content[0];
    const callsTool = message.content.some((block) => block.type === 'tool_use');
    if (callsTool && first?.type !== 'thinking' && first?.type !== 'redacted_thinking') return true;
  }
  return false;
}

/** Without thinking, earlier thinking blocks mean nothing upstream; some upstreams refuse them. */
function stripThinking(messages: AnthropicMessageParam[]): void {
  for (const message of messages) {
    if (Array.isArray(message.content))
      message.content = message.content.filter(
        (block) => block.type !== 'thinking' && block.type !== 'redacted_thinking',
      );
  }
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const content = messages[index]?.content;
    if (Array.isArray(content) && content.length === 0) messages.splice(index, 1);
  }
}

/**
 * `prompt_cache_key` says the caller reuses this prefix: Anthropic caches up to a marked block
 * (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching), tools first, then the
 * system prompt, so one point after the system prompt (or the tools, without one) covers both.
 */
function markCachePoint(pivot: AnthropicMessagesRequest): void {
  const system = Array.isArray(pivot.system) ? pivot.system.at(-1) : undefined;
  const target = system ?? pivot.tools?.at(-1);
  if (target && !target.cache_control) target.cache_control = { type: 'ephemeral' };
}
