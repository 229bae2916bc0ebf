import type { ReplyPlan } from '../reply/reply-plan';

const CREATED = 1_700_000_000;

function usageOf(plan: ReplyPlan) {
  const promptTokens = plan.usage.inputTokens + plan.usage.cacheReadTokens + plan.usage.cacheWriteTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: plan.usage.outputTokens,
    total_tokens: promptTokens + plan.usage.outputTokens,
    prompt_tokens_details: { cached_tokens: plan.usage.cacheReadTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function toolCallId(plan: ReplyPlan): string {
  return `call_${plan.idSeed}`;
}

/** Non-streaming chat.completion. https://platform.openai.com/docs/api-reference/chat/object */
export function buildChatCompletion(plan: ReplyPlan, model: string): Record<string, unknown> {
  const message =
    plan.kind === 'text'
      ? { role: 'assistant', content: plan.text, refusal: null, annotations: [] }
      : {
          role: 'assistant',
          content: null,
          refusal: null,
          annotations: [],
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
    // Real OpenAI answers carry these two; the benchmark and the gateway's pass-through path should
    // see an answer of the real size and shape.
    service_tier: 'default',
    system_fingerprint: 'fp_emulator',
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
