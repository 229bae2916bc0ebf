import type { AnthropicStreamEvent } from './anthropic-types';

export type AccumulatedUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
};

export type UsageAccumulator = {
  push(event: AnthropicStreamEvent): void;
  /** The counts so far; every field is the largest value any event reported for it. */
  current(): AccumulatedUsage;
  /** Whether any event carried usage at all. */
  reported(): boolean;
};

/**
 * Reads token usage from an Anthropic event stream. Counts are cumulative, and arrive in pieces:
 * `message_start.message.usage` (input, a provisional output), `message_delta.usage` (final output;
 * Bedrock and newer Anthropic versions repeat the input counts there, older ones omit them), and on
 * Bedrock invoke `message_stop["amazon-bedrock-invocationMetrics"]`. Taking the maximum per field
 * means a later event that omits or zeroes a count never erases one the upstream did report.
 * https://docs.anthropic.com/en/api/messages-streaming#event-types
 */
export function createUsageAccumulator(): UsageAccumulator {
  const usage: AccumulatedUsage = {
    input_tokens: 0,
    output_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 0,
  };
  let seen = false;

  const take = (field: keyof AccumulatedUsage, value: unknown) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    seen = true;
    if (value > usage[field]) usage[field] = value;
  };

  const takeAnthropic = (reported: Record<string, unknown> | undefined | null) => {
    if (!reported) return;
    take('input_tokens', reported.input_tokens);
    take('output_tokens', reported.output_tokens);
    take('cache_read_input_tokens', reported.cache_read_input_tokens);
    take('cache_creation_input_tokens', reported.cache_creation_input_tokens);
  };

  return {
    push(event) {
      if (event.type === 'message_start') takeAnthropic(event.message?.usage);
      else if (event.type === 'message_delta') takeAnthropic(event.usage);
      else if (event.type === 'message_stop') {
        const metrics = event['amazon-bedrock-invocationMetrics'];
        if (metrics) {
          take('input_tokens', metrics.inputTokenCount);
          take('output_tokens', metrics.outputTokenCount);
          take('cache_read_input_tokens', metrics.cacheReadInputTokenCount);
          take('cache_creation_input_tokens', metrics.cacheWriteInputTokenCount);
        }
      }
    },
    current: () => ({ ...usage }),
    reported: () => seen,
  };
}
