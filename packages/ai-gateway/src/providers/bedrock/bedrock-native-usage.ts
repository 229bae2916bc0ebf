import type { NativeAction, NativeUsage } from '../types';

/**
 * Token counts of a native Bedrock answer, wherever Bedrock put them: the
 * `x-amzn-bedrock-*-token-count` headers (InvokeModel), the body's `usage` (Converse, Claude's
 * Messages body), Titan's `inputTextTokenCount`, or a stream frame (Claude's `message_start` /
 * `message_delta`, `amazon-bedrock-invocationMetrics` on the last chunk, Converse's `metadata`).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-cw.html#runtime-cloudwatch-metrics
 */
export function nativeUsageOfAnswer(
  action: NativeAction,
  headers: Headers,
  bodyText: string,
): NativeUsage | undefined {
  // CountTokens counts, it consumes nothing.
  if (action === 'count-tokens') return undefined;
  const fromHeaders = usageFromHeaders(headers);
  if (fromHeaders !== undefined) return fromHeaders;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  return usageFromModelJson(body);
}

function usageFromHeaders(headers: Headers): NativeUsage | undefined {
  const input = headers.get('x-amzn-bedrock-input-token-count');
  if (input === null) return undefined;
  const count = (name: string) => Number(headers.get(`x-amzn-bedrock-${name}`) ?? 0) || 0;
  return {
    input_tokens: Number(input) || 0,
    output_tokens: count('output-token-count'),
    cache_read_input_tokens: count('cache-read-input-token-count'),
    cache_creation_input_tokens: count('cache-write-input-token-count'),
  };
}

/** Usage in one JSON object a model or Bedrock sent (a whole answer or one stream event). */
export function usageFromModelJson(json: unknown): NativeUsage | undefined {
  if (!isRecord(json)) return undefined;
  const metrics = json['amazon-bedrock-invocationMetrics'];
  if (isRecord(metrics)) {
    return usage(
      metrics.inputTokenCount,
      metrics.outputTokenCount,
      metrics.cacheReadInputTokenCount,
      metrics.cacheWriteInputTokenCount,
    );
  }
  // Claude: the answer's `usage`, or `message_start.message.usage` / `message_delta.usage`.
  const claude = isRecord(json.message) ? json.message.usage : json.usage;
  if (isRecord(claude) && ('input_tokens' in claude || 'output_tokens' in claude)) {
    return usage(
      claude.input_tokens,
      claude.output_tokens,
      claude.cache_read_input_tokens,
      claude.cache_creation_input_tokens,
    );
  }
  // Converse (answer and the stream's `metadata` event).
  if (isRecord(claude) && ('inputTokens' in claude || 'outputTokens' in claude)) {
    return usage(
      claude.inputTokens,
      claude.outputTokens,
      claude.cacheReadInputTokens,
      claude.cacheWriteInputTokens,
    );
  }
  if (typeof json.inputTextTokenCount === 'number') return usage(json.inputTextTokenCount, 0, 0, 0);
  return undefined;
}

function usage(input: unknown, output: unknown, cacheRead: unknown, cacheWrite: unknown): NativeUsage {
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return {
    input_tokens: count(input),
    output_tokens: count(output),
    cache_read_input_tokens: count(cacheRead),
    cache_creation_input_tokens: count(cacheWrite),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
