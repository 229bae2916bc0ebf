import { GatewayError } from '@gateway/ai-gateway';

/**
 * A 429 from a per-key limit. The `headers` (x-ratelimit-*) ride on the error: the rewritten
 * core's GatewayError takes `headers` and its renderers add them; until then they are attached
 * as a property here (TEMPORARY: pass them to the constructor once the core has the option).
 */
export function limitError(options: {
  code: 'rate_limited' | 'budget_exceeded';
  message: string;
  retryAfterSeconds: number;
  headers: Record<string, string>;
}): GatewayError & { headers: Record<string, string> } {
  const error = new GatewayError({
    code: options.code,
    status: 429,
    retryable: options.code === 'rate_limited',
    retryAfterSeconds: options.retryAfterSeconds,
    message: options.message,
  });
  return Object.assign(error, { headers: options.headers });
}
