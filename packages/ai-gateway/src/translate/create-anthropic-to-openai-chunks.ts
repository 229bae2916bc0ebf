import { GatewayError } from '../errors/gateway-error';
import type { AnthropicStreamEvent } from './anthropic-types';
import { createUsageAccumulator } from './create-usage-accumulator';
import { mapAnthropicStopReasonToOpenAi } from './map-stop-reason';
import { mapAnthropicUsageToOpenAi } from './map-usage';
import type { OpenAiChatChunk, OpenAiChunkDelta, OpenAiFinishReason } from './openai-types';

export type AnthropicToOpenAiChunksOptions = {
  id: string;
  /** Unix seconds. */
  created: number;
  /** The public model id the caller asked for. */
  model: string;
  /** The caller sent `stream_options.include_usage`: end with a `choices: []` usage chunk. */
  includeUsage: boolean;
  /** From `getJsonResponseToolName(request)`: stream this tool's input as message content. */
  jsonResponseTool?: string;
};

export type AnthropicToOpenAiChunks = {
  push(event: AnthropicStreamEvent): OpenAiChatChunk[];
  /** Call at the end of the upstream stream: emits whatever closing chunks are still owed. */
  finish(): OpenAiChatChunk[];
};

type Block =
  | { kind: 'text' | 'answer' | 'ignored' }
  | { kind: 'thinking'; thinking: string; signature: string }
  | { kind: 'redacted'; data: string }
  | { kind: 'tool'; toolIndex: number };

/**
 * Anthropic stream events -> OpenAI `chat.completion.chunk`s
 * (https://platform.openai.com/docs/api-reference/chat-streaming). A role chunk first, then content
 * and tool-call deltas; tool calls get dense indices from 0 (Anthropic block indices count text
 * blocks too); the first delta of a call carries id, type, name and empty arguments; one chunk with
 * `finish_reason`; then, when asked, a usage chunk with `choices: []`.
 */
export function createAnthropicToOpenAiChunks(
  options: AnthropicToOpenAiChunksOptions,
): AnthropicToOpenAiChunks {
  const usage = createUsageAccumulator();
  const blocks = new Map<number, Block>();
  let nextToolIndex = 0;
  let roleSent = false;
  let stopReason: string | null | undefined;
  let finishSent = false;
  let usageSent = false;

  const chunk = (
    delta: OpenAiChunkDelta,
    finishReason: OpenAiFinishReason | null = null,
  ): OpenAiChatChunk => ({
    id: options.id,
    object: 'chat.completion.chunk',
    created: options.created,
    model: options.model,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    // OpenAI sends `usage: null` on every chunk but the last when usage is requested.
    ...(options.includeUsage ? { usage: null } : {}),
  });

  const opening = (): OpenAiChatChunk[] => {
    if (roleSent) return [];
    roleSent = true;
    return [chunk({ role: 'assistant', content: '' })];
  };

  const closing = (): OpenAiChatChunk[] => {
    const result = opening();
    if (!finishSent) {
      finishSent = true;
      let finishReason = mapAnthropicStopReasonToOpenAi(stopReason);
      // The forced answer tool makes Claude stop "for a tool"; to the caller it simply answered.
      if (finishReason === 'tool_calls' && nextToolIndex === 0) finishReason = 'stop';
      result.push(chunk({}, finishReason));
    }
    return result;
  };

  const usageChunk = (): OpenAiChatChunk[] => {
    if (!options.includeUsage || usageSent) return [];
    usageSent = true;
    return [
      {
        id: options.id,
        object: 'chat.completion.chunk',
        created: options.created,
        model: options.model,
        choices: [],
        usage: mapAnthropicUsageToOpenAi(usage.current()),
      },
    ];
  };

  return {
    push(event) {
      if (finishSent && event.type !== 'message_stop' && event.type !== 'message_delta') return [];
      usage.push(event);
      switch (event.type) {
        case 'message_start':
          return opening();
        case 'content_block_start': {
          const result = opening();
          const block = event.content_block;
          if (block.type === 'text') {
            blocks.set(event.index, { kind: 'text' });
            if (block.text) result.push(chunk({ content: block.text }));
          } else if (block.type === 'thinking') {
            blocks.set(event.index, {
              kind: 'thinking',
              thinking: block.thinking ?? '',
              signature: block.signature ?? '',
            });
            if (block.thinking) result.push(chunk({ reasoning_content: block.thinking }));
          } else if (block.type === 'tool_use' && block.name === options.jsonResponseTool) {
            blocks.set(event.index, { kind: 'answer' });
          } else if (block.type === 'tool_use') {
            const toolIndex = nextToolIndex++;
            blocks.set(event.index, { kind: 'tool', toolIndex });
            result.push(
              chunk({
                tool_calls: [
                  {
                    index: toolIndex,
                    id: block.id,
                    type: 'function',
                    function: { name: block.name, arguments: '' },
                  },
                ],
              }),
            );
          } else if (block.type === 'redacted_thinking') {
            blocks.set(event.index, { kind: 'redacted', data: block.data });
          } else {
            blocks.set(event.index, { kind: 'ignored' });
          }
          return result;
        }
        case 'content_block_delta': {
          const result = opening();
          const block = blocks.get(event.index) ?? { kind: 'text' };
          const delta = event.delta;
          if (delta.type === 'text_delta' && delta.text !== '') result.push(chunk({ content: delta.text }));
          else if (delta.type === 'thinking_delta' && delta.thinking !== '') {
            if (block.kind === 'thinking') block.thinking += delta.thinking;
            result.push(chunk({ reasoning_content: delta.thinking }));
          } else if (delta.type === 'signature_delta' && block.kind === 'thinking') {
            block.signature += delta.signature;
          } else if (delta.type === 'input_json_delta' && delta.partial_json !== '') {
            if (block.kind === 'tool') {
              result.push(
                chunk({
                  tool_calls: [{ index: block.toolIndex, function: { arguments: delta.partial_json } }],
                }),
              );
            } else if (block.kind === 'answer') {
              result.push(chunk({ content: delta.partial_json }));
            }
          }
          return result;
        }
        case 'content_block_stop': {
          // A thinking block goes out whole once it ends (its signature comes last), to be sent back.
          const block = blocks.get(event.index);
          if (block?.kind === 'thinking') {
            return [
              chunk({
                thinking_blocks: [{ type: 'thinking', thinking: block.thinking, signature: block.signature }],
              }),
            ];
          }
          if (block?.kind === 'redacted') {
            return [chunk({ thinking_blocks: [{ type: 'redacted_thinking', data: block.data }] })];
          }
          return [];
        }
        case 'message_delta':
          if (event.delta?.stop_reason != null) stopReason = event.delta.stop_reason;
          return finishSent ? [] : closing();
        case 'message_stop':
          return [...closing(), ...usageChunk()];
        case 'error':
          throw new GatewayError({
            code: 'upstream_stream_error',
            status: 502,
            message: `The upstream reported an error mid-stream: ${event.error?.message?.slice(0, 300) ?? 'unknown error'}`,
          });
        default:
          return [];
      }
    },
    finish() {
      return [...closing(), ...usageChunk()];
    },
  };
}
