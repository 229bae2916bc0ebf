/**
 * The one error type of the core. Every failure the caller can see is a GatewayError; the wire
 * renderers (`render-openai-error.ts`, `render-anthropic-error.ts`) turn it into the caller's format.
 * Messages are written for the caller: they never contain secrets, signatures or upstream bodies.
 */
export type GatewayErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'unsupported_parameter'
  | 'authentication_failed'
  | 'permission_denied'
  | 'model_not_found'
  | 'not_found'
  | 'payload_too_large'
  | 'rate_limit_exceeded'
  | 'budget_exceeded'
  | 'upstream_bad_request'
  | 'upstream_auth_failed'
  | 'upstream_not_found'
  | 'upstream_timeout'
  | 'upstream_rate_limited'
  | 'upstream_unavailable'
  | 'upstream_unreachable'
  | 'upstream_error'
  | 'upstream_stream_error'
  | 'upstream_host_not_allowed'
  | 'service_unavailable'
  /** The caller went away before the answer (nginx's 499); recorded, never rendered to anyone. */
  | 'client_closed'
  | 'internal_error';

export type GatewayErrorOptions = {
  code: GatewayErrorCode;
  status: number;
  message: string;
  /** Safe to retry the same request (429, 503, connection errors). */
  retryable?: boolean;
  /** Seconds, passed on as `retry-after`. */
  retryAfterSeconds?: number;
  /** The request field at fault, e.g. `messages[2].content`. */
  param?: string;
  /** Extra response headers (e.g. `x-ratelimit-*` on a rate-limit refusal). */
  headers?: Record<string, string>;
  cause?: unknown;
};

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly param: string | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(options: GatewayErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.param = options.param;
    this.headers = options.headers;
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/** Wraps anything thrown into a GatewayError without leaking its message (it may hold secrets). */
export function toGatewayError(error: unknown): GatewayError {
  if (isGatewayError(error)) return error;
  return new GatewayError({
    code: 'internal_error',
    status: 500,
    message: 'The gateway hit an internal error.',
    cause: error,
  });
}

/** The caller went away before the answer was complete (recorded as nginx's 499, never rendered). */
export function clientClosedError(): GatewayError {
  return new GatewayError({ code: 'client_closed', status: 499, message: 'The client closed the request.' });
}
