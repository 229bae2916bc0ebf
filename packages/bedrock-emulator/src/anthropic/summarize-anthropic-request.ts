import type { ConversationSummary, ToolSummary } from '../reply/reply-plan';

type Block = { type?: unknown; text?: unknown; content?: unknown };

/** Text of an Anthropic `content` (a string or a list of blocks). */
export function anthropicContentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block: Block) => {
      if (block?.type === 'text' && typeof block.text === 'string') return block.text;
      if (block?.type === 'tool_result') return anthropicContentText(block.content);
      return '';
    })
    .filter((text) => text !== '')
    .join('\n');
}

/**
 * Reduces an Anthropic Messages body (direct API or Anthropic-on-Bedrock) to what the emulator answers on.
 * https://docs.anthropic.com/en/api/messages
 */
export function summarizeAnthropicRequest(
  body: Record<string, unknown>,
  rawBody: string,
): ConversationSummary {
  const messages = Array.isArray(body.messages)
    ? (body.messages as { role?: unknown; content?: unknown }[])
    : [];
  const last = messages.at(-1);
  const tools: ToolSummary[] = Array.isArray(body.tools)
    ? (body.tools as { name?: unknown; input_schema?: unknown }[])
        .filter((tool) => typeof tool?.name === 'string')
        .map((tool) => ({ name: tool.name as string, inputSchema: tool.input_schema }))
    : [];
  const blocks = Array.isArray(last?.content) ? (last.content as Block[]) : [];
  const toolResults = blocks.filter((block) => block?.type === 'tool_result');
  const textBlocks = blocks.filter((block) => block?.type !== 'tool_result');
  return {
    lastUserText: typeof last?.content === 'string' ? last.content : anthropicContentText(textBlocks),
    lastToolResult: toolResults.length > 0 ? anthropicContentText(toolResults) : undefined,
    tools,
    rawBody,
    thinking: ['enabled', 'adaptive'].includes(
      String((body.thinking as { type?: unknown } | undefined)?.type),
    ),
  };
}
