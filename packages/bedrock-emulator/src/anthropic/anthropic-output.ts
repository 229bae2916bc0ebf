import { emulatorThinkingSignature, type ReplyPlan } from '../reply/reply-plan';

export type AnthropicOutputIds = {
  model: string;
  /** `msg_` on the Anthropic API, `msg_bdrk_` on Bedrock. */
  messagePrefix: string;
  /** `toolu_` on the Anthropic API, `toolu_bdrk_` on Bedrock. */
  toolPrefix: string;
};

export type AnthropicEvent = { type: string } & Record<string, unknown>;

function usageOf(plan: ReplyPlan, outputTokens: number) {
  return {
    input_tokens: plan.usage.inputTokens,
    cache_creation_input_tokens: plan.usage.cacheWriteTokens,
    cache_read_input_tokens: plan.usage.cacheReadTokens,
    output_tokens: outputTokens,
  };
}

function stopReason(plan: ReplyPlan): string {
  return plan.kind === 'tool' ? 'tool_use' : 'end_turn';
}

function contentBlock(plan: ReplyPlan, ids: AnthropicOutputIds, streaming: boolean) {
  if (plan.kind === 'text') return { type: 'text', text: streaming ? '' : plan.text };
  return {
    type: 'tool_use',
    id: `${ids.toolPrefix}${plan.idSeed}`,
    name: plan.toolName,
    input: streaming ? {} : plan.toolInput,
  };
}

function thinkingBlocks(plan: ReplyPlan) {
  return plan.thinking === undefined
    ? []
    : [{ type: 'thinking', thinking: plan.thinking, signature: emulatorThinkingSignature(plan.thinking) }];
}

/** Non-streaming Messages response. https://docs.anthropic.com/en/api/messages */
export function buildAnthropicMessage(plan: ReplyPlan, ids: AnthropicOutputIds): Record<string, unknown> {
  return {
    model: ids.model,
    id: `${ids.messagePrefix}${plan.idSeed}`,
    type: 'message',
    role: 'assistant',
    content: [...thinkingBlocks(plan), contentBlock(plan, ids, false)],
    stop_reason: stopReason(plan),
    stop_sequence: null,
    usage: usageOf(plan, plan.usage.outputTokens),
  };
}

/** The streaming events, in order. https://docs.anthropic.com/en/api/messages-streaming */
export function buildAnthropicEvents(plan: ReplyPlan, ids: AnthropicOutputIds): AnthropicEvent[] {
  const start = buildAnthropicMessage(plan, ids);
  const index = plan.thinking === undefined ? 0 : 1;
  const deltas: AnthropicEvent[] =
    plan.kind === 'text'
      ? plan.chunks.map((text) => ({
          type: 'content_block_delta',
          index,
          delta: { type: 'text_delta', text },
        }))
      : plan.argumentChunks.map((partial_json) => ({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json },
        }));
  const thinking: AnthropicEvent[] =
    plan.thinking === undefined
      ? []
      : [
          {
            type: 'content_block_start',
            index: 0,
            content_block: { type: 'thinking', thinking: '', signature: '' },
          },
          {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'thinking_delta', thinking: plan.thinking },
          },
          {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'signature_delta', signature: emulatorThinkingSignature(plan.thinking) },
          },
          { type: 'content_block_stop', index: 0 },
        ];
  return [
    {
      type: 'message_start',
      message: { ...start, content: [], stop_reason: null, usage: usageOf(plan, 1) },
    },
    ...thinking,
    { type: 'content_block_start', index, content_block: contentBlock(plan, ids, true) },
    ...deltas,
    { type: 'content_block_stop', index },
    {
      type: 'message_delta',
      delta: { stop_reason: stopReason(plan), stop_sequence: null },
      usage: usageOf(plan, plan.usage.outputTokens),
    },
    { type: 'message_stop' },
  ];
}
