import { timingSafeEqual } from 'node:crypto';
import type { EmulatorRequest, EmulatorState } from '../emulator-state';
import { headerPairs } from '../http-utils';
import { parseAuthorization, verifySigV4 } from '../sigv4/verify-sigv4';
import type { AwsError } from './bedrock-errors';

function sameSecret(left: string, right: string): boolean {
  const leftBytes = Buffer.from(left, 'utf8');
  const rightBytes = Buffer.from(right, 'utf8');
  return leftBytes.length === rightBytes.length && timingSafeEqual(leftBytes, rightBytes);
}

/**
 * The region a request is served in: the SigV4 credential scope (the signed truth), else the
 * `/region/<region>` path prefix (how bearer callers choose), else the first configured region.
 */
function requestRegion(request: EmulatorRequest, state: EmulatorState): string | undefined {
  const scope = parseAuthorization(request.record.headers.authorization ?? '')?.scope;
  return scope?.region ?? request.pathRegion ?? state.regions[0];
}

/**
 * Authenticates a request to an AWS face: a Bedrock API key (`Authorization: Bearer`, Bedrock only) or
 * SigV4 with `service` in any configured region. Records the outcome and the region on the request;
 * returns the AWS error to send, if any.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html
 */
export function authenticateAws(
  request: EmulatorRequest,
  state: EmulatorState,
  service: 'bedrock' | 'sts',
): AwsError | undefined {
  const { record } = request;
  record.region = requestRegion(request, state);
  const authorization = record.headers.authorization ?? '';
  if (service === 'bedrock' && authorization.startsWith('Bearer ')) {
    const key = authorization.slice('Bearer '.length).trim();
    if (!state.bedrockApiKeys.some((known) => sameSecret(known, key))) {
      record.authError = 'UnrecognizedClientException';
      return {
        status: 403,
        errorType: 'UnrecognizedClientException',
        message: 'Authentication failed: Please make sure your API Key is valid.',
      };
    }
    record.auth = 'bedrock-api-key';
    if (record.region === undefined || !state.regions.includes(record.region)) {
      record.authError = 'UnknownRegion';
      return {
        status: 404,
        errorType: 'UnknownOperationException',
        message: `Region ${String(record.region)} is not served by this emulator (serves ${state.regions.join(', ')}).`,
      };
    }
    return undefined;
  }
  const result = verifySigV4(
    {
      method: record.method,
      path: record.path,
      headers: headerPairs(request.rawHeaders),
      body: request.body,
    },
    { region: state.regions, service, credentials: state.credentials, now: state.now },
  );
  if (result.ok) {
    record.auth = 'sigv4';
    record.signatureVerified = true;
    record.accessKeyId = result.accessKeyId;
    return undefined;
  }
  record.authError = result.errorType;
  const status = result.errorType === 'IncompleteSignatureException' ? 400 : 403;
  return { status, errorType: result.errorType, message: result.message };
}
