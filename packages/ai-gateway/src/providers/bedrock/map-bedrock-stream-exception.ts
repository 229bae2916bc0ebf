import { GatewayError } from '../../errors/gateway-error';

/** Bedrock sends no retry hint in a stream; the same short default as for HTTP throttling. */
const DEFAULT_THROTTLE_RETRY_AFTER_SECONDS = 1;

/**
 * Maps an exception frame (`:message-type: exception`, `:exception-type` = the union member of
 * `ResponseStream` / `ConverseStreamOutput` in the service model) or an unmodeled error frame
 * (`:message-type: error`, `:error-code`) to the error that ends the caller's stream.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ResponseStream.html
 */
export function mapBedrockStreamException(
  exceptionType: string,
  awsMessage: string | undefined,
): GatewayError {
  const detail = awsMessage ? `: ${awsMessage}` : '.';
  const name = exceptionType.charAt(0).toLowerCase() + exceptionType.slice(1);
  switch (name) {
    case 'modelStreamErrorException':
      return new GatewayError({
        code: 'upstream_stream_error',
        status: 502,
        message: `The Bedrock model failed mid-stream${detail}`,
      });
    case 'throttlingException':
      return new GatewayError({
        code: 'upstream_rate_limited',
        status: 429,
        message: `Bedrock throttled the stream${detail}`,
        retryable: true,
        retryAfterSeconds: DEFAULT_THROTTLE_RETRY_AFTER_SECONDS,
      });
    case 'validationException':
      return new GatewayError({
        code: 'upstream_bad_request',
        status: 400,
        message: `Bedrock rejected the request mid-stream${detail}`,
      });
    case 'internalServerException':
    case 'serviceUnavailableException':
      return new GatewayError({
        code: 'upstream_unavailable',
        status: 503,
        message: `Bedrock became unavailable mid-stream (${exceptionType}).`,
        retryable: true,
      });
    case 'modelTimeoutException':
      return new GatewayError({
        code: 'upstream_timeout',
        status: 408,
        message: `The Bedrock model timed out mid-stream${detail}`,
      });
    default:
      return new GatewayError({
        code: 'upstream_stream_error',
        status: 502,
        message: `Bedrock ended the stream with an error (${exceptionType.slice(0, 100)}).`,
      });
  }
}
