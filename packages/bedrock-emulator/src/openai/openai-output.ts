import type { ReplyPlan } from '../reply/reply-plan';

const CREATED = 1_700_000_000;

function usageOf(plan: ReplyPlan) {
  const promptTokens = plan.usage.inputTokens + plan.usage.cacheReadTokens + plan.usage.cacheWriteTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: plan.usage.outputTokens,
    total_tokens: promptTokens + plan.usage.outputTokens,
    prompt_tokens_details: { cached_tokens: plan.usage.cacheReadTokens },
  };
}

function toolCallId(plan: ReplyPlan): string {
  return `call_${plan.idSeed}`;
}

/** Non-streaming chat.completion. https://platform.openai.com/docs/api-reference/chat/object */
export function buildChatCompletion(plan: ReplyPlan, model: string): Record<string, unknown> {
  const message =
    plan.kind === 'text'
      ? { role: 'assistant', content: plan.text, refusal: null }
      : {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            {
              id: toolCallId(plan),
              type: 'function',
              function: { name: plan.toolName, arguments: JSON.stringify(plan.toolInput) },
            },
          ],
        };
  return {
    id: `chatcmpl-${plan.idSeed}`,
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: plan.kind === 'tool' ? 'tool_calls' : 'stop' },
    ],
    usage: usageOf(plan),
  };
}

/** chat.completion.chunk objects, in order. https://platform.openai.com/docs/api-reference/chat-streaming */
export function buildChatCompletionChunks(
  plan: ReplyPlan,
  model: string,
  includeUsage: boolean,
): Record<string, unknown>[] {
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id: `chatcmpl-${plan.idSeed}`,
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  const chunks = [chunk({ role: 'assistant', content: plan.kind === 'text' ? '' : null })];
  if (plan.kind === 'text') {
    for (const content of plan.chunks) chunks.push(chunk({ content }));
  } else {
    plan.argumentChunks.forEach((piece, position) => {
      const call =
        position === 0
          ? {
              index: 0,
              id: toolCallId(plan),
              type: 'function',
              function: { name: plan.toolName, arguments: piece },
            }
          : { index: 0, function: { arguments: piece } };
      chunks.push(chunk({ tool_calls: [call] }));
    });
  }
  chunks.push(chunk({}, plan.kind === 'tool' ? 'tool_calls' : 'stop'));
  if (includeUsage) {
    chunks.push({
      id: `chatcmpl-${plan.idSeed}`,
      object: 'chat.completion.chunk',
      created: CREATED,
      model,
      choices: [],
      usage: usageOf(plan),
    } as ReturnType<typeof chunk>);
  }
  return chunks;
}
