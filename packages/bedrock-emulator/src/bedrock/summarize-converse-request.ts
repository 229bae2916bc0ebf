import type { ConversationSummary, ToolSummary } from '../reply/reply-plan';

type ConverseBlock = {
  text?: unknown;
  toolResult?: { content?: { text?: unknown; json?: unknown }[] };
};

function toolResultText(block: ConverseBlock): string {
  return (block.toolResult?.content ?? [])
    .map((part) =>
      typeof part?.text === 'string' ? part.text : part?.json !== undefined ? JSON.stringify(part.json) : '',
    )
    .join('\n');
}

/**
 * Reduces a Converse body (also the Amazon Nova InvokeModel body, which shares its message shape).
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export function summarizeConverseRequest(
  body: Record<string, unknown>,
  rawBody: string,
): ConversationSummary {
  const messages = Array.isArray(body.messages) ? (body.messages as { content?: unknown }[]) : [];
  const blocks = (Array.isArray(messages.at(-1)?.content) ? messages.at(-1)?.content : []) as ConverseBlock[];
  const toolResults = blocks.filter((block) => block?.toolResult !== undefined);
  const toolConfig = body.toolConfig as {
    tools?: { toolSpec?: { name?: unknown; inputSchema?: { json?: unknown } } }[];
  };
  const tools: ToolSummary[] = (toolConfig?.tools ?? [])
    .filter((tool) => typeof tool?.toolSpec?.name === 'string')
    .map((tool) => ({ name: tool.toolSpec!.name as string, inputSchema: tool.toolSpec!.inputSchema?.json }));
  return {
    lastUserText: blocks
      .map((block) => (typeof block?.text === 'string' ? block.text : ''))
      .filter((text) => text !== '')
      .join('\n'),
    lastToolResult: toolResults.length > 0 ? toolResults.map(toolResultText).join('\n') : undefined,
    tools,
    rawBody,
  };
}
