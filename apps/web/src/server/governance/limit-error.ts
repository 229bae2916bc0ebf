import { GatewayError } from '@gateway/ai-gateway';

/** A 429 from a per-key limit, with OpenAI's `x-ratelimit-*` headers rendered on the answer. */
export function limitError(options: {
  code: 'rate_limit_exceeded' | 'budget_exceeded';
  message: string;
  retryAfterSeconds: number;
  headers: Record<string, string>;
}): GatewayError {
  return new GatewayError({
    code: options.code,
    status: 429,
    retryable: options.code === 'rate_limit_exceeded',
    retryAfterSeconds: options.retryAfterSeconds,
    message: options.message,
    headers: options.headers,
  });
}
