import { jsonResponse } from '../http/in-memory-response';
import type { GatewayError } from './gateway-error';

const OPENAI_ERROR_TYPES: Partial<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  408: 'timeout_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
};

export type OpenAiErrorBody = {
  error: { message: string; type: string; code: string; param: string | null };
};

export function toOpenAiErrorBody(error: GatewayError): OpenAiErrorBody {
  return {
    error: {
      message: error.message,
      type: OPENAI_ERROR_TYPES[error.status] ?? (error.status >= 500 ? 'api_error' : 'invalid_request_error'),
      code: error.code,
      param: error.param ?? null,
    },
  };
}

/** `{"error":{"message","type","code","param"}}`, the shape the `openai` SDKs parse. */
export function renderOpenAiError(error: GatewayError, headers?: HeadersInit): Response {
  return jsonResponse(toOpenAiErrorBody(error), {
    status: error.status,
    headers: withRetryAfter(error, headers),
  });
}

export function withRetryAfter(error: GatewayError, headers?: HeadersInit): Headers {
  const result = new Headers(headers);
  for (const [name, value] of Object.entries(error.headers ?? {})) result.set(name, value);
  if (error.retryAfterSeconds !== undefined) result.set('retry-after', String(error.retryAfterSeconds));
  return result;
}
