import type { AnthropicMessage } from './anthropic-types';
import { mapAnthropicStopReasonToOpenAi } from './map-stop-reason';
import { mapAnthropicUsageToOpenAi } from './map-usage';
import type { OpenAiChatCompletion, OpenAiThinkingBlock, OpenAiToolCall } from './openai-types';

export type ConvertAnthropicResponseOptions = {
  id: string;
  /** Unix seconds. */
  created: number;
  /** The public model id the caller asked for (never the upstream's internal id). */
  model: string;
  /** From `getJsonResponseToolName(request)`: this tool's input is the answer to a `response_format`. */
  jsonResponseTool?: string;
};

/**
 * Anthropic message -> OpenAI `chat.completion`
 * (https://platform.openai.com/docs/api-reference/chat/object). Text blocks join into `content`,
 * tool_use blocks become `tool_calls` with JSON-string arguments, thinking goes to
 * `reasoning_content` (the de-facto field of OpenAI-compatible servers) and, whole with their
 * signatures, to `thinking_blocks` (LiteLLM's field), which the next request may send back.
 */
export function convertAnthropicResponseToOpenAi(
  message: AnthropicMessage,
  options: ConvertAnthropicResponseOptions,
): OpenAiChatCompletion {
  let text = '';
  let reasoning = '';
  let answeredByJsonTool = false;
  const toolCalls: OpenAiToolCall[] = [];
  const thinkingBlocks: OpenAiThinkingBlock[] = [];
  for (const block of message.content ?? []) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'thinking') {
      reasoning += block.thinking;
      thinkingBlocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    } else if (block.type === 'redacted_thinking') {
      thinkingBlocks.push({ type: 'redacted_thinking', data: block.data });
    } else if (block.type === 'tool_use') {
      if (options.jsonResponseTool !== undefined && block.name === options.jsonResponseTool) {
        text += JSON.stringify(block.input ?? {});
        answeredByJsonTool = true;
      } else {
        toolCalls.push({
          id: block.id,
          type: 'function',
          function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) },
        });
      }
    }
  }

  let finishReason = mapAnthropicStopReasonToOpenAi(message.stop_reason);
  // The answer tool was forced, so the model "stopped for a tool"; to the caller it simply answered.
  if (answeredByJsonTool && finishReason === 'tool_calls' && toolCalls.length === 0) finishReason = 'stop';

  return {
    id: options.id,
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          // OpenAI's schema has `refusal` on every message (null unless the model refused).
          refusal: null,
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(thinkingBlocks.length > 0 ? { thinking_blocks: thinkingBlocks } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: finishReason,
        logprobs: null,
      },
    ],
    usage: mapAnthropicUsageToOpenAi(message.usage ?? { input_tokens: 0, output_tokens: 0 }),
  };
}
