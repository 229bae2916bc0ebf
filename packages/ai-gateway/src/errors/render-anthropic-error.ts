import { jsonResponse } from '../http/in-memory-response';
import type { GatewayError } from './gateway-error';
import { withRetryAfter } from './render-openai-error';

// https://docs.anthropic.com/en/api/errors
const ANTHROPIC_ERROR_TYPES: Partial<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export type AnthropicErrorBody = { type: 'error'; error: { type: string; message: string } };

export function anthropicErrorType(status: number): string {
  return ANTHROPIC_ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function toAnthropicErrorBody(error: GatewayError): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorType(error.status), message: error.message } };
}

/** `{"type":"error","error":{"type","message"}}`, the shape `@anthropic-ai/sdk` parses. */
export function renderAnthropicError(error: GatewayError, headers?: HeadersInit): Response {
  return jsonResponse(toAnthropicErrorBody(error), {
    status: error.status,
    headers: withRetryAfter(error, headers),
  });
}
