import { isThinkingOn } from '../anthropic/summarize-anthropic-request';
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
    // Claude's `thinking` rides in additionalModelRequestFields on Converse.
    thinking: isThinkingOn(
      (body.additionalModelRequestFields as { thinking?: unknown } | undefined)?.thinking,
    ),
  };
}

/** `reasoningContent.reasoningText` blocks sent back in history, with their position. */
export function converseReasoningInHistory(
  messages: unknown,
): { messageIndex: number; blockIndex: number; text: unknown; signature: unknown }[] {
  if (!Array.isArray(messages)) return [];
  return messages.flatMap((message, messageIndex) => {
    const content = (message as { content?: unknown } | null)?.content;
    if (!Array.isArray(content)) return [];
    return content.flatMap((block, blockIndex) => {
      const reasoning = (
        block as { reasoningContent?: { reasoningText?: { text?: unknown; signature?: unknown } } }
      )?.reasoningContent?.reasoningText;
      return reasoning
        ? [{ messageIndex, blockIndex, text: reasoning.text, signature: reasoning.signature }]
        : [];
    });
  });
}
