/** Tokens as the upstream reported them, in Anthropic's vocabulary (the core's pivot format). */
export type TokenUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
};

export const EMPTY_USAGE: TokenUsage = {
  input_tokens: 0,
  output_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
};

/** Anthropic-shaped usage (cache fields optional or null) as the record's all-number form. */
export function toTokenUsage(usage: {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}): TokenUsage {
  return {
    input_tokens: usage.input_tokens ?? 0,
    output_tokens: usage.output_tokens ?? 0,
    cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
    cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
  };
}

/** One row of accounting per gateway request. */
export type UsageRecord = {
  requestId: string;
  apiKeyId: string | undefined;
  publicId: string | undefined;
  upstreamModel: string | undefined;
  endpoint: 'chat.completions' | 'messages' | 'responses';
  status: number;
  usage: TokenUsage;
  costUsd: number | undefined;
  ttfbMs: number | undefined;
  latencyMs: number;
  stream: boolean;
  errorCode: string | undefined;
  startedAt: Date;
};
