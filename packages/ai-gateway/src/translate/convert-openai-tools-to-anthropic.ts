import type { AnthropicTool, AnthropicToolChoice } from './anthropic-types';
import type { OpenAiChatRequest } from './openai-types';
import { invalidRequest, unsupportedParameter } from './request-errors';

/**
 * OpenAI function tools and `tool_choice` -> Anthropic
 * (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use):
 * `auto` -> auto, `required` -> any, a named function -> tool, `none` -> none (never forces a call).
 * `parallel_tool_calls: false` becomes `disable_parallel_tool_use`.
 */
export function convertOpenAiToolsToAnthropic(request: OpenAiChatRequest): {
  tools: AnthropicTool[] | undefined;
  toolChoice: AnthropicToolChoice | undefined;
} {
  const tools = request.tools?.map((tool, index): AnthropicTool => {
    if (tool.type !== 'function' || typeof tool.function !== 'object' || tool.function === null) {
      throw unsupportedParameter(
        `tools[${index}].type`,
        `only 'function' tools are supported, not '${tool.type}'.`,
      );
    }
    const fn = tool.function as { name: string; description?: string; parameters?: Record<string, unknown> };
    return {
      name: fn.name,
      ...(fn.description ? { description: fn.description } : {}),
      // Anthropic requires an object schema; OpenAI allows omitting it for argument-less functions.
      input_schema: fn.parameters ?? { type: 'object', properties: {} },
    };
  });
  if (tools === undefined || tools.length === 0) return { tools: undefined, toolChoice: undefined };

  const disableParallel = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  const choice = request.tool_choice;
  let toolChoice: AnthropicToolChoice | undefined;
  if (choice === undefined || choice === 'auto') {
    toolChoice = request.parallel_tool_calls === false ? { type: 'auto', ...disableParallel } : undefined;
  } else if (choice === 'required') {
    toolChoice = { type: 'any', ...disableParallel };
  } else if (choice === 'none') {
    toolChoice = { type: 'none' };
  } else {
    const name = choice.function.name;
    if (!tools.some((tool) => tool.name === name)) {
      throw invalidRequest(`tool_choice names the function '${name}', which is not in tools.`, 'tool_choice');
    }
    toolChoice = { type: 'tool', name, ...disableParallel };
  }
  return { tools, toolChoice };
}
