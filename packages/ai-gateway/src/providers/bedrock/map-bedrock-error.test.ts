import { describe, expect, it } from 'vitest';
import { mapBedrockHttpError } from './map-bedrock-error';

/** A Bedrock error response as restJson1 sends it: `x-amzn-ErrorType` plus `{"message"}`. */
function awsError(errorType: string, message: string, extraHeaders: Record<string, string> = {}) {
  return {
    headers: new Headers({
      'x-amzn-ErrorType': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      'x-amzn-RequestId': 'c92e8fb8-a69f-47b5-bdfb-94952440dedb',
      ...extraHeaders,
    }),
    body: JSON.stringify({ message }),
  };
}

describe('mapBedrockHttpError', () => {
  it.each([
    ['ThrottlingException', 429, 429, 'upstream_rate_limited', true],
    ['ServiceQuotaExceededException', 400, 429, 'upstream_rate_limited', false],
    ['ValidationException', 400, 400, 'upstream_bad_request', false],
    ['ResourceNotFoundException', 404, 404, 'upstream_not_found', false],
    ['ModelTimeoutException', 408, 408, 'upstream_timeout', false],
    ['ServiceUnavailableException', 503, 503, 'upstream_unavailable', true],
    ['ModelNotReadyException', 429, 503, 'upstream_unavailable', true],
    ['ModelErrorException', 424, 502, 'upstream_error', false],
    ['ModelStreamErrorException', 424, 502, 'upstream_error', false],
    ['InternalServerException', 500, 502, 'upstream_error', true],
  ] as const)('%s (HTTP %i) -> %i %s', (errorType, upstreamStatus, status, code, retryable) => {
    const { headers, body } = awsError(errorType, 'details from AWS');
    const error = mapBedrockHttpError(upstreamStatus, headers, body);
    expect(error).toMatchObject({ status, code, retryable });
  });

  it.each([
    'AccessDeniedException',
    'UnrecognizedClientException',
    'InvalidSignatureException',
    'ExpiredTokenException',
    'IncompleteSignatureException',
  ])('%s -> 502 upstream_auth_failed without the AWS message', (errorType) => {
    const { headers, body } = awsError(
      errorType,
      "The request signature we calculated does not match the signature you provided. The Canonical String for this request should have been 'POST /model/x/invoke ... Signature=abc123'",
    );
    const error = mapBedrockHttpError(403, headers, body);
    expect(error).toMatchObject({ status: 502, code: 'upstream_auth_failed', retryable: false });
    expect(error.message).toBe(`Bedrock rejected the gateway's credentials for this model (${errorType}).`);
    expect(error.message).not.toMatch(/Canonical|Signature=/);
  });

  it('keeps the AWS validation message', () => {
    const { headers, body } = awsError('ValidationException', 'max_tokens: Input should be a valid integer');
    expect(mapBedrockHttpError(400, headers, body).message).toBe(
      'Bedrock rejected the request: max_tokens: Input should be a valid integer',
    );
  });

  it('reads {"Message"} too, and the body __type when the header is missing', () => {
    const error = mapBedrockHttpError(
      400,
      new Headers(),
      JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', Message: 'bad input' }),
    );
    expect(error).toMatchObject({ status: 400, code: 'upstream_bad_request' });
    expect(error.message).toContain('bad input');
  });

  it('uses retry-after when present, else a 1 second default, for throttling', () => {
    const withHeader = awsError('ThrottlingException', 'Too many requests', { 'retry-after': '7' });
    expect(mapBedrockHttpError(429, withHeader.headers, withHeader.body).retryAfterSeconds).toBe(7);
    const without = awsError('ThrottlingException', 'Too many requests');
    expect(mapBedrockHttpError(429, without.headers, without.body).retryAfterSeconds).toBe(1);
  });

  it('maps a non-JSON or unknown error to 502 naming the status, without echoing the body', () => {
    const html = mapBedrockHttpError(502, new Headers(), '<html>Bad Gateway from a proxy: token=abc</html>');
    expect(html).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(html.message).toBe('Bedrock returned HTTP 502.');

    const unknown = awsError('BrandNewException', 'something');
    expect(mapBedrockHttpError(418, unknown.headers, unknown.body)).toMatchObject({
      status: 502,
      code: 'upstream_error',
      message: 'Bedrock returned HTTP 418 (BrandNewException).',
    });
  });

  it('adds the inference profile to use when on-demand throughput is refused', () => {
    const { headers, body } = awsError(
      'ValidationException',
      "Invocation of model ID anthropic.claude-sonnet-4-5-20250929-v1:0 with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.",
    );
    const inRegion = mapBedrockHttpError(400, headers, body, { region: 'eu-west-1' });
    expect(inRegion.status).toBe(400);
    expect(inRegion.message).toContain(
      'Set internal_id to the inference profile eu.anthropic.claude-sonnet-4-5-20250929-v1:0.',
    );

    const noRegion = mapBedrockHttpError(400, headers, body);
    expect(noRegion.message).toContain('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(noRegion.message).toContain('global.anthropic.claude-sonnet-4-5-20250929-v1:0');
  });

  it('cuts very long AWS messages', () => {
    const { headers, body } = awsError('ValidationException', 'x'.repeat(5000));
    expect(mapBedrockHttpError(400, headers, body).message.length).toBeLessThan(600);
  });
});
