import type { AnthropicContentBlock, AnthropicMessage } from './anthropic-types';
import type { ConverseContentBlock, ConverseResponse } from './converse-types';
import { mapConverseStopReasonToAnthropic } from './map-stop-reason';

export type ConvertConverseResponseOptions = {
  /** The public model id the caller asked for. */
  model: string;
  /** Converse responses carry no message id; pass one (e.g. from the request id) to give the caller one. */
  id?: string;
};

/**
 * Bedrock Converse response -> Anthropic message.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 * Converse's `inputTokens` excludes cache reads and writes, as Anthropic's `input_tokens` does.
 */
export function convertConverseResponseToAnthropic(
  response: ConverseResponse,
  options: ConvertConverseResponseOptions,
): AnthropicMessage {
  const content = (response.output?.message?.content ?? []).flatMap(convertBlock);
  return {
    id: options.id ?? 'msg_bedrock_converse',
    type: 'message',
    role: 'assistant',
    model: options.model,
    content,
    stop_reason: mapConverseStopReasonToAnthropic(response.stopReason),
    stop_sequence: null,
    usage: {
      input_tokens: response.usage?.inputTokens ?? 0,
      output_tokens: response.usage?.outputTokens ?? 0,
      cache_read_input_tokens: response.usage?.cacheReadInputTokens ?? 0,
      cache_creation_input_tokens: response.usage?.cacheWriteInputTokens ?? 0,
    },
  };
}

function convertBlock(block: ConverseContentBlock): AnthropicContentBlock[] {
  if ('text' in block) return [{ type: 'text', text: block.text }];
  if ('toolUse' in block) {
    return [
      {
        type: 'tool_use',
        id: block.toolUse.toolUseId,
        name: block.toolUse.name,
        input: block.toolUse.input ?? {},
      },
    ];
  }
  if ('reasoningContent' in block) {
    const reasoning = block.reasoningContent;
    if ('reasoningText' in reasoning) {
      return [
        {
          type: 'thinking',
          thinking: reasoning.reasoningText.text,
          signature: reasoning.reasoningText.signature ?? '',
        },
      ];
    }
    return [{ type: 'redacted_thinking', data: reasoning.redactedContent }];
  }
  // Images, tool results and cache points do not appear in model output.
  return [];
}
