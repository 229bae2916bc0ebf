import type { ReplyPlan } from '../reply/reply-plan';

export type ConverseEvent = { eventType: string; payload: Record<string, unknown> };

const LATENCY_MS = 120;

function usageOf(plan: ReplyPlan) {
  const { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens } = plan.usage;
  return {
    cacheReadInputTokenCount: cacheReadTokens,
    cacheReadInputTokens: cacheReadTokens,
    cacheWriteInputTokenCount: cacheWriteTokens,
    cacheWriteInputTokens: cacheWriteTokens,
    inputTokens,
    outputTokens,
    serverToolUsage: {},
    totalTokens: inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens,
  };
}

function stopReason(plan: ReplyPlan): string {
  return plan.kind === 'tool' ? 'tool_use' : 'end_turn';
}

function toolUseId(plan: ReplyPlan): string {
  return `tooluse_${plan.idSeed}`;
}

/** Converse response body, shaped like the live capture. */
export function buildConverseResponse(plan: ReplyPlan): Record<string, unknown> {
  const content =
    plan.kind === 'text'
      ? [{ text: plan.text }]
      : [
          {
            toolUse: {
              input: plan.toolInput,
              name: plan.toolName,
              toolUseId: toolUseId(plan),
              type: 'tool_use',
            },
          },
        ];
  const reasoning = plan.thinking
    ? [
        {
          reasoningContent: {
            reasoningText: { text: plan.thinking.text, signature: plan.thinking.signature },
          },
        },
      ]
    : [];
  return {
    metrics: { latencyMs: LATENCY_MS },
    output: { message: { content: [...reasoning, ...content], role: 'assistant' } },
    stopReason: stopReason(plan),
    usage: usageOf(plan),
  };
}

/** ConverseStream events (union member name + member JSON), in order. */
export function buildConverseEvents(plan: ReplyPlan): ConverseEvent[] {
  const events: ConverseEvent[] = [{ eventType: 'messageStart', payload: { role: 'assistant' } }];
  if (plan.thinking) events.push(...reasoningEvents(plan.thinking));
  const contentBlockIndex = plan.thinking ? 1 : 0;
  if (plan.kind === 'tool') {
    events.push({
      eventType: 'contentBlockStart',
      payload: {
        contentBlockIndex,
        start: { toolUse: { name: plan.toolName, toolUseId: toolUseId(plan), type: 'tool_use' } },
      },
    });
    for (const input of plan.argumentChunks) {
      events.push({
        eventType: 'contentBlockDelta',
        payload: { contentBlockIndex, delta: { toolUse: { input } } },
      });
    }
  } else {
    for (const text of plan.chunks) {
      events.push({ eventType: 'contentBlockDelta', payload: { contentBlockIndex, delta: { text } } });
    }
  }
  events.push(
    { eventType: 'contentBlockStop', payload: { contentBlockIndex } },
    { eventType: 'messageStop', payload: { stopReason: stopReason(plan) } },
    { eventType: 'metadata', payload: { metrics: { latencyMs: LATENCY_MS }, usage: usageOf(plan) } },
  );
  return events;
}

/** ConverseStream reasoning: the text, then the signature, as deltas of block 0. */
function reasoningEvents(thinking: { text: string; signature: string }): ConverseEvent[] {
  return [
    {
      eventType: 'contentBlockDelta',
      payload: { contentBlockIndex: 0, delta: { reasoningContent: { text: thinking.text } } },
    },
    {
      eventType: 'contentBlockDelta',
      payload: { contentBlockIndex: 0, delta: { reasoningContent: { signature: thinking.signature } } },
    },
    { eventType: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
  ];
}
