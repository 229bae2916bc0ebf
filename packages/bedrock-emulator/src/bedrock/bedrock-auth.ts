import { timingSafeEqual } from 'node:crypto';
import type { EmulatorRequest, EmulatorState } from '../emulator-state';
import { headerPairs } from '../http-utils';
import { verifySigV4 } from '../sigv4/verify-sigv4';
import type { AwsError } from './bedrock-errors';

function sameSecret(left: string, right: string): boolean {
  const leftBytes = Buffer.from(left, 'utf8');
  const rightBytes = Buffer.from(right, 'utf8');
  return leftBytes.length === rightBytes.length && timingSafeEqual(leftBytes, rightBytes);
}

/**
 * Authenticates a Bedrock request: a Bedrock API key (`Authorization: Bearer`) or SigV4 with service
 * `bedrock`. Records the outcome on the request; returns the AWS error to send, if any.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html
 */
export function authenticateBedrock(request: EmulatorRequest, state: EmulatorState): AwsError | undefined {
  const { record } = request;
  const authorization = record.headers.authorization ?? '';
  if (authorization.startsWith('Bearer ')) {
    const key = authorization.slice('Bearer '.length).trim();
    if (state.bedrockApiKeys.some((known) => sameSecret(known, key))) {
      record.auth = 'bedrock-api-key';
      return undefined;
    }
    record.authError = 'UnrecognizedClientException';
    return {
      status: 403,
      errorType: 'UnrecognizedClientException',
      message: 'Authentication failed: Please make sure your API Key is valid.',
    };
  }
  const result = verifySigV4(
    {
      method: record.method,
      path: record.path,
      headers: headerPairs(request.rawHeaders),
      body: request.body,
    },
    { region: state.region, service: 'bedrock', credentials: state.credentials, now: state.now },
  );
  if (result.ok) {
    record.auth = 'sigv4';
    record.signatureVerified = true;
    return undefined;
  }
  record.authError = result.errorType;
  const status = result.errorType === 'IncompleteSignatureException' ? 400 : 403;
  return { status, errorType: result.errorType, message: result.message };
}
