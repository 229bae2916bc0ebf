import type { AnthropicMessagesRequest } from './anthropic-types';
import type { ConverseMessage, ConverseRequest, ConverseTool } from './converse-types';

const CACHE_POINT = { cachePoint: { type: 'default' } } as const;

/**
 * Anthropic `tools`/`tool_choice` -> Converse `toolConfig`
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolConfiguration.html).
 * Bedrock refuses a conversation holding toolUse/toolResult blocks without a toolConfig, even when
 * this turn offers no tools, so specs are synthesised for the tools the history used. Converse has
 * no `none` choice: the caller's tools are withheld instead (only history tools stay, as required).
 */
export function convertAnthropicToolsToConverse(
  request: AnthropicMessagesRequest,
  messages: ConverseMessage[],
): ConverseRequest['toolConfig'] | undefined {
  const choice = request.tool_choice;
  const offered = choice?.type === 'none' ? [] : (request.tools ?? []);
  const tools: NonNullable<ConverseRequest['toolConfig']>['tools'] = offered.flatMap((tool) => [
    {
      toolSpec: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        inputSchema: { json: tool.input_schema },
      },
    } satisfies ConverseTool,
    ...(tool.cache_control ? [CACHE_POINT] : []),
  ]);

  const known = new Set(offered.map((tool) => tool.name));
  let historyHasTools = false;
  for (const message of messages) {
    for (const block of message.content) {
      if ('toolResult' in block) historyHasTools = true;
      if ('toolUse' in block) {
        historyHasTools = true;
        if (!known.has(block.toolUse.name)) {
          known.add(block.toolUse.name);
          tools.push(historyToolSpec(block.toolUse.name));
        }
      }
    }
  }
  if (historyHasTools && known.size === 0) tools.push(historyToolSpec('previous_tool'));
  if (tools.length === 0) return undefined;

  const result: NonNullable<ConverseRequest['toolConfig']> = { tools };
  if (offered.length > 0) {
    if (choice?.type === 'auto') result.toolChoice = { auto: {} };
    else if (choice?.type === 'any') result.toolChoice = { any: {} };
    else if (choice?.type === 'tool') result.toolChoice = { tool: { name: choice.name } };
  }
  return result;
}

function historyToolSpec(name: string): ConverseTool {
  return {
    toolSpec: {
      name,
      description: 'A tool used earlier in this conversation.',
      inputSchema: { json: { type: 'object' } },
    },
  };
}
