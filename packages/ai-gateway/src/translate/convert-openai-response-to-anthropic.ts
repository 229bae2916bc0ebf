import type { AnthropicContentBlock, AnthropicMessage } from './anthropic-types';
import { mapOpenAiFinishReasonToAnthropic } from './map-stop-reason';
import { mapOpenAiUsageToAnthropic } from './map-usage';
import type { OpenAiChatCompletion } from './openai-types';
import { parseToolArguments } from './parse-tool-arguments';

export type ConvertOpenAiResponseOptions = {
  /** The public model id the caller asked for. */
  model: string;
  /** Defaults to the upstream completion's id. */
  id?: string;
};

/**
 * OpenAI `chat.completion` -> Anthropic message (https://docs.anthropic.com/en/api/messages).
 * Only the first choice is read (the request never asks for more). `reasoning_content`/`reasoning`
 * from OpenAI-compatible servers becomes a thinking block (without a signature: it cannot be replayed
 * to Claude, but a caller can show it).
 */
export function convertOpenAiResponseToAnthropic(
  response: OpenAiChatCompletion,
  options: ConvertOpenAiResponseOptions,
): AnthropicMessage {
  const choice = response.choices?.[0];
  const message = choice?.message as
    | (OpenAiChatCompletion['choices'][number]['message'] & { reasoning?: string })
    | undefined;
  const content: AnthropicContentBlock[] = [];
  const reasoning = message?.reasoning_content ?? message?.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '')
    content.push({ type: 'thinking', thinking: reasoning, signature: '' });
  if (typeof message?.content === 'string' && message.content !== '')
    content.push({ type: 'text', text: message.content });
  if (typeof message?.refusal === 'string' && message.refusal !== '')
    content.push({ type: 'text', text: message.refusal });
  for (const call of message?.tool_calls ?? []) {
    content.push({
      type: 'tool_use',
      id: call.id,
      name: call.function.name,
      input: parseToolArguments(call.function.arguments),
    });
  }
  return {
    id: options.id ?? response.id,
    type: 'message',
    role: 'assistant',
    model: options.model,
    content,
    stop_reason: mapOpenAiFinishReasonToAnthropic(choice?.finish_reason),
    stop_sequence: null,
    usage: mapOpenAiUsageToAnthropic(response.usage),
  };
}
