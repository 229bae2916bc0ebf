import type { AnthropicStreamEvent } from './anthropic-types';
import { mapOpenAiFinishReasonToAnthropic } from './map-stop-reason';
import { mapOpenAiUsageToAnthropic } from './map-usage';
import type { OpenAiChatChunk, OpenAiUsage } from './openai-types';

export type OpenAiChunksToAnthropicOptions = {
  /** Defaults to the upstream chunk id. */
  id?: string;
  /** The public model id the caller asked for; defaults to the upstream chunk's model. */
  model?: string;
};

export type OpenAiChunksToAnthropic = {
  push(chunk: unknown): AnthropicStreamEvent[];
  /** After `[DONE]` / end of body: releases a finished message still waiting for a usage chunk. */
  finish(): AnthropicStreamEvent[];
};

type OpenBlock = { index: number; kind: 'text' | 'thinking' | 'tool'; toolCallIndex?: number };

/**
 * OpenAI `chat.completion.chunk`s -> Anthropic stream events
 * (https://docs.anthropic.com/en/api/messages-streaming). Text, reasoning and each tool call become
 * consecutive content blocks. With `stream_options.include_usage` the usage chunk comes after the
 * `finish_reason` chunk, so the end (message_delta with usage, message_stop) waits for it or for
 * `finish()`. A stream that never sent a finish_reason ends without message_stop, so the pipeline
 * can tell a truncated answer from a complete one.
 */
export function createOpenAiChunksToAnthropic(
  options: OpenAiChunksToAnthropicOptions = {},
): OpenAiChunksToAnthropic {
  let started = false;
  let current: OpenBlock | undefined;
  let nextIndex = 0;
  const toolBlocks = new Map<number, number>();
  let finishReason: string | undefined;
  let usage: OpenAiUsage | undefined;
  let ended = false;

  const start = (chunk: OpenAiChatChunk | undefined): AnthropicStreamEvent[] => {
    if (started) return [];
    started = true;
    return [
      {
        type: 'message_start',
        message: {
          id: options.id ?? chunk?.id ?? 'msg_openai',
          type: 'message',
          role: 'assistant',
          model: options.model ?? chunk?.model ?? '',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      },
    ];
  };

  const close = (): AnthropicStreamEvent[] => {
    if (!current) return [];
    const index = current.index;
    current = undefined;
    return [{ type: 'content_block_stop', index }];
  };

  const ensureBlock = (kind: 'text' | 'thinking'): AnthropicStreamEvent[] => {
    if (current?.kind === kind) return [];
    const events = close();
    current = { index: nextIndex++, kind };
    events.push({
      type: 'content_block_start',
      index: current.index,
      content_block:
        kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' },
    });
    return events;
  };

  const end = (): AnthropicStreamEvent[] => {
    if (ended || finishReason === undefined) return [];
    ended = true;
    return [
      ...start(undefined),
      ...close(),
      {
        type: 'message_delta',
        delta: { stop_reason: mapOpenAiFinishReasonToAnthropic(finishReason), stop_sequence: null },
        usage: mapOpenAiUsageToAnthropic(usage),
      },
      { type: 'message_stop' },
    ];
  };

  return {
    push(rawChunk) {
      if (ended) return [];
      const chunk = rawChunk as OpenAiChatChunk;
      const events = start(chunk);
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) return finishReason !== undefined && usage ? [...events, ...end()] : events;

      const delta = choice.delta ?? {};
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') {
        events.push(...ensureBlock('thinking'), {
          type: 'content_block_delta',
          index: current!.index,
          delta: { type: 'thinking_delta', thinking: reasoning },
        });
      }
      if (typeof delta.content === 'string' && delta.content !== '') {
        events.push(...ensureBlock('text'), {
          type: 'content_block_delta',
          index: current!.index,
          delta: { type: 'text_delta', text: delta.content },
        });
      }
      for (const call of delta.tool_calls ?? []) {
        let index = toolBlocks.get(call.index);
        if (index === undefined) {
          events.push(...close());
          index = nextIndex++;
          toolBlocks.set(call.index, index);
          current = { index, kind: 'tool', toolCallIndex: call.index };
          events.push({
            type: 'content_block_start',
            index,
            content_block: {
              type: 'tool_use',
              id: call.id ?? `call_${call.index}`,
              name: call.function?.name ?? '',
              input: {},
            },
          });
        }
        const fragment = call.function?.arguments;
        if (fragment)
          events.push({
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json: fragment },
          });
      }
      if (choice.finish_reason) {
        finishReason = choice.finish_reason;
        events.push(...close());
        if (usage) events.push(...end());
      }
      return events;
    },
    finish: end,
  };
}
