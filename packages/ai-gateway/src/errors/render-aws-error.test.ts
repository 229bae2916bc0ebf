import { describe, expect, it } from 'vitest';
import { GatewayError } from './gateway-error';
import { renderAwsError } from './render-aws-error';

describe('renderAwsError', () => {
  it.each([
    ['rate_limit_exceeded', 429, 'ThrottlingException', 429],
    ['permission_denied', 403, 'AccessDeniedException', 403],
    ['invalid_request', 400, 'ValidationException', 400],
    ['authentication_failed', 401, 'UnrecognizedClientException', 403],
    ['upstream_error', 502, 'InternalServerException', 502],
  ] as const)('%s -> %s', async (code, status, exception, wireStatus) => {
    const response = renderAwsError(
      new GatewayError({
        code,
        status,
        message: 'why',
        retryAfterSeconds: code === 'rate_limit_exceeded' ? 3 : undefined,
      }),
      { 'x-request-id': 'req-1' },
    );
    expect(response.status).toBe(wireStatus);
    expect(response.headers.get('x-amzn-errortype')).toBe(exception);
    expect(response.headers.get('x-amzn-requestid')).toBe('req-1');
    expect(await response.json()).toEqual({ message: 'why' });
    if (code === 'rate_limit_exceeded') expect(response.headers.get('retry-after')).toBe('3');
  });
});
