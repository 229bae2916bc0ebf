import type { ConversationSummary, ToolSummary } from '../reply/reply-plan';

type Part = { type?: unknown; text?: unknown };

export function openAiContentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Part[])
    .map((part) => (part?.type === 'text' && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

/** Reduces a Chat Completions body. https://platform.openai.com/docs/api-reference/chat/create */
export function summarizeOpenAiRequest(body: Record<string, unknown>, rawBody: string): ConversationSummary {
  const messages = Array.isArray(body.messages)
    ? (body.messages as { role?: unknown; content?: unknown }[])
    : [];
  const last = messages.at(-1);
  const tools: ToolSummary[] = Array.isArray(body.tools)
    ? (body.tools as { function?: { name?: unknown; parameters?: unknown } }[])
        .filter((tool) => typeof tool?.function?.name === 'string')
        .map((tool) => ({ name: tool.function!.name as string, inputSchema: tool.function!.parameters }))
    : [];
  const isToolResult = last?.role === 'tool';
  return {
    lastUserText: isToolResult ? '' : openAiContentText(last?.content),
    lastToolResult: isToolResult ? openAiContentText(last?.content) : undefined,
    tools,
    rawBody,
  };
}
