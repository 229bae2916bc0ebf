const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * A typed check of one OpenAI `chat.completion.chunk` for the fields the gateway reads (cheap: it
 * runs per chunk). Returns undefined when it is fine, else why not.
 * https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export function checkOpenAiChunk(chunk: unknown): string | undefined {
  if (!isObject(chunk)) return 'a chunk is not an object';
  const choices = chunk.choices;
  if (choices !== undefined && !Array.isArray(choices)) return 'choices is not an array';
  const choice: unknown = Array.isArray(choices) ? choices[0] : undefined;
  if (choice !== undefined) {
    if (!isObject(choice)) return 'choices[0] is not an object';
    const delta = choice.delta;
    if (delta !== undefined && delta !== null && !isObject(delta)) return 'choices[0].delta is not an object';
    const toolCalls = isObject(delta) ? delta.tool_calls : undefined;
    if (toolCalls !== undefined && toolCalls !== null) {
      if (!Array.isArray(toolCalls)) return 'tool_calls is not an array';
      for (const call of toolCalls) {
        if (!isObject(call) || typeof call.index !== 'number') return 'a tool call has no index';
      }
    }
  }
  const usage = chunk.usage;
  if (usage !== undefined && usage !== null) {
    if (
      !isObject(usage) ||
      typeof usage.prompt_tokens !== 'number' ||
      typeof usage.completion_tokens !== 'number'
    )
      return 'usage needs prompt_tokens and completion_tokens';
  }
  return undefined;
}
