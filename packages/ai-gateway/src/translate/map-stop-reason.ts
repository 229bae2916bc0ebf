import type { AnthropicStopReason } from './anthropic-types';
import type { ConverseStopReason } from './converse-types';
import type { OpenAiFinishReason } from './openai-types';

/**
 * Anthropic `stop_reason` -> OpenAI `finish_reason`. Bedrock's guardrail and content-filter stops
 * are accepted here too (they reach us raw from some Bedrock paths) and read as `content_filter`.
 */
export function mapAnthropicStopReasonToOpenAi(stopReason: string | null | undefined): OpenAiFinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, pause_turn and anything new: the turn ended normally.
      return 'stop';
  }
}

/**
 * Converse `stopReason` -> Anthropic `stop_reason`. Anthropic has no guardrail reason; `refusal` is
 * its closest meaning (the model declined / output was blocked), and it maps on to `content_filter`.
 */
export function mapConverseStopReasonToAnthropic(
  stopReason: ConverseStopReason | string | undefined,
): AnthropicStopReason {
  switch (stopReason) {
    case 'tool_use':
    case 'max_tokens':
    case 'stop_sequence':
    case 'model_context_window_exceeded':
      return stopReason;
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'refusal';
    default:
      // end_turn, malformed_model_output, malformed_tool_use: the model stopped on its own.
      return 'end_turn';
  }
}

/** OpenAI `finish_reason` -> Anthropic `stop_reason`. */
export function mapOpenAiFinishReasonToAnthropic(
  finishReason: string | null | undefined,
): AnthropicStopReason {
  switch (finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}
