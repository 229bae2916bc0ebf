import { GatewayError } from '../errors/gateway-error';
import type { AnthropicStreamEvent } from './anthropic-types';
import type { ConverseStreamEvents, ConverseUsage } from './converse-types';
import { mapConverseStopReasonToAnthropic } from './map-stop-reason';

export type ConverseStreamToAnthropicOptions = {
  /** The message id to give the caller (ConverseStream has none). */
  id?: string;
  /** The public model id the caller asked for. */
  model?: string;
};

export type ConverseStreamToAnthropic = {
  /** One decoded ConverseStream frame: its `:event-type` header and parsed JSON payload. */
  push(eventType: string, payload: unknown): AnthropicStreamEvent[];
  /** At the end of the upstream stream: releases a stop still waiting for `metadata`. */
  finish(): AnthropicStreamEvent[];
};

type BlockKind = 'text' | 'tool' | 'thinking' | 'redacted';

/**
 * ConverseStream events -> Anthropic stream events
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html).
 * Converse starts text and reasoning blocks implicitly (their first delta), so starts are synthesised;
 * it reports usage in `metadata` AFTER `messageStop`, so the stop is held until usage arrives (or
 * the stream ends) and `message_delta` carries the real counts. Exception events throw a GatewayError.
 */
export function createConverseStreamToAnthropic(
  options: ConverseStreamToAnthropicOptions = {},
): ConverseStreamToAnthropic {
  const open = new Map<number, BlockKind>();
  let started = false;
  let stopReason: string | undefined;
  let usage: ConverseUsage | undefined;
  let ended = false;

  const start = (): AnthropicStreamEvent[] => {
    if (started) return [];
    started = true;
    return [
      {
        type: 'message_start',
        message: {
          id: options.id ?? 'msg_bedrock_converse',
          type: 'message',
          role: 'assistant',
          model: options.model ?? '',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      },
    ];
  };

  const openBlock = (
    index: number,
    kind: BlockKind,
    extra?: { id?: string; name?: string; data?: string },
  ) => {
    const events = start();
    if (open.has(index)) return events;
    open.set(index, kind);
    const contentBlock =
      kind === 'text'
        ? { type: 'text' as const, text: '' }
        : kind === 'thinking'
          ? { type: 'thinking' as const, thinking: '', signature: '' }
          : kind === 'redacted'
            ? { type: 'redacted_thinking' as const, data: extra?.data ?? '' }
            : {
                type: 'tool_use' as const,
                id: extra?.id ?? `tooluse_${index}`,
                name: extra?.name ?? '',
                input: {},
              };
    events.push({ type: 'content_block_start', index, content_block: contentBlock });
    return events;
  };

  const closeAll = (): AnthropicStreamEvent[] => {
    const events: AnthropicStreamEvent[] = [...open.keys()].map((index) => ({
      type: 'content_block_stop',
      index,
    }));
    open.clear();
    return events;
  };

  const end = (): AnthropicStreamEvent[] => {
    if (ended || stopReason === undefined) return [];
    ended = true;
    return [
      ...start(),
      ...closeAll(),
      {
        type: 'message_delta',
        delta: { stop_reason: mapConverseStopReasonToAnthropic(stopReason), stop_sequence: null },
        usage: {
          input_tokens: usage?.inputTokens ?? 0,
          output_tokens: usage?.outputTokens ?? 0,
          cache_read_input_tokens: usage?.cacheReadInputTokens ?? 0,
          cache_creation_input_tokens: usage?.cacheWriteInputTokens ?? 0,
        },
      },
      { type: 'message_stop' },
    ];
  };

  return {
    push(eventType, payload) {
      if (ended) return [];
      switch (eventType) {
        case 'messageStart':
          return start();
        case 'contentBlockStart': {
          const event = payload as ConverseStreamEvents['contentBlockStart'];
          const toolUse = event.start?.toolUse;
          if (!toolUse) return start();
          return openBlock(event.contentBlockIndex, 'tool', { id: toolUse.toolUseId, name: toolUse.name });
        }
        case 'contentBlockDelta': {
          const { contentBlockIndex: index, delta } = payload as ConverseStreamEvents['contentBlockDelta'];
          if (delta.text !== undefined) {
            const events = openBlock(index, 'text');
            if (delta.text !== '')
              events.push({
                type: 'content_block_delta',
                index,
                delta: { type: 'text_delta', text: delta.text },
              });
            return events;
          }
          if (delta.toolUse !== undefined) {
            const events = openBlock(index, 'tool');
            if (delta.toolUse.input !== '') {
              events.push({
                type: 'content_block_delta',
                index,
                delta: { type: 'input_json_delta', partial_json: delta.toolUse.input },
              });
            }
            return events;
          }
          const reasoning = delta.reasoningContent;
          if (reasoning?.redactedContent !== undefined)
            return openBlock(index, 'redacted', { data: reasoning.redactedContent });
          if (reasoning !== undefined) {
            const events = openBlock(index, 'thinking');
            if (reasoning.text)
              events.push({
                type: 'content_block_delta',
                index,
                delta: { type: 'thinking_delta', thinking: reasoning.text },
              });
            if (reasoning.signature) {
              events.push({
                type: 'content_block_delta',
                index,
                delta: { type: 'signature_delta', signature: reasoning.signature },
              });
            }
            return events;
          }
          return start();
        }
        case 'contentBlockStop': {
          const { contentBlockIndex: index } = payload as ConverseStreamEvents['contentBlockStop'];
          if (!open.delete(index)) return start();
          return [...start(), { type: 'content_block_stop', index }];
        }
        case 'messageStop': {
          stopReason = (payload as ConverseStreamEvents['messageStop']).stopReason ?? 'end_turn';
          const events = [...start(), ...closeAll()];
          return usage ? [...events, ...end()] : events;
        }
        case 'metadata':
          usage = (payload as ConverseStreamEvents['metadata']).usage ?? usage;
          return end();
        default:
          if (/exception$/i.test(eventType)) {
            const message = (payload as { message?: string } | undefined)?.message;
            throw new GatewayError({
              code: 'upstream_stream_error',
              status: 502,
              message: `Bedrock reported ${eventType} mid-stream${message ? `: ${String(message).slice(0, 300)}` : '.'}`,
            });
          }
          return [];
      }
    },
    finish: end,
  };
}
