import type { GatewayError, GatewayErrorCode } from './gateway-error';
import { withRetryAfter } from './render-openai-error';

/** The AWS exception a Bedrock client expects for each gateway error (its SDK maps the name to a class). */
const EXCEPTION_BY_CODE: Partial<Record<GatewayErrorCode, string>> = {
  invalid_json: 'ValidationException',
  invalid_request: 'ValidationException',
  unsupported_parameter: 'ValidationException',
  payload_too_large: 'ValidationException',
  upstream_bad_request: 'ValidationException',
  authentication_failed: 'UnrecognizedClientException',
  permission_denied: 'AccessDeniedException',
  model_not_found: 'ResourceNotFoundException',
  not_found: 'ResourceNotFoundException',
  upstream_not_found: 'ResourceNotFoundException',
  rate_limit_exceeded: 'ThrottlingException',
  upstream_rate_limited: 'ThrottlingException',
  budget_exceeded: 'ServiceQuotaExceededException',
  upstream_timeout: 'ModelTimeoutException',
  upstream_unavailable: 'ServiceUnavailableException',
  service_unavailable: 'ServiceUnavailableException',
  upstream_stream_error: 'ModelStreamErrorException',
};

/** AWS answers an unrecognised client with 403, whatever the gateway's own status says. */
const STATUS_BY_EXCEPTION: Partial<Record<string, number>> = { UnrecognizedClientException: 403 };

export function awsExceptionName(error: GatewayError): string {
  return EXCEPTION_BY_CODE[error.code] ?? 'InternalServerException';
}

/**
 * Bedrock Runtime's error shape (restJson1): the exception name in `x-amzn-ErrorType`, the body
 * `{"message": …}`. AWS SDKs and boto3 raise the exception class of that name.
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization
 */
export function renderAwsError(error: GatewayError, headers?: HeadersInit): Response {
  const name = awsExceptionName(error);
  const result = withRetryAfter(error, headers);
  result.set('x-amzn-errortype', name);
  const requestId = result.get('x-request-id');
  if (requestId !== null) result.set('x-amzn-requestid', requestId);
  return Response.json(
    { message: error.message },
    { status: STATUS_BY_EXCEPTION[name] ?? error.status, headers: result },
  );
}
