import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { authenticateAws } from '../bedrock/bedrock-auth';
import type { EmulatorRequest, EmulatorState } from '../emulator-state';
import type { AssumeRoleCall } from '../types';
import { type StsError, sendAssumeRoleResponse, sendStsError } from './sts-xml';

const VERSION = '2011-06-15';
const MIN_DURATION = 900;
const MAX_DURATION = 43_200;
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

// SigV4 failures in STS's own codes (the Query protocol names them differently from restJson Bedrock).
const STS_AUTH_CODES: Record<string, string> = {
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
  IncompleteSignatureException: 'IncompleteSignature',
  UnrecognizedClientException: 'InvalidClientTokenId',
  InvalidSignatureException: 'SignatureDoesNotMatch',
  ExpiredTokenException: 'ExpiredToken',
};

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomUpper(length: number): string {
  return Array.from(randomBytes(length), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

function validationError(field: string, value: string | undefined, constraint: string): StsError {
  const shown = value === undefined ? 'null' : `'${value}'`;
  return {
    status: 400,
    code: 'ValidationError',
    message: `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  };
}

type AssumeRoleInput = {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  durationSeconds: number;
};

function parseAssumeRole(form: URLSearchParams, state: EmulatorState): AssumeRoleInput | StsError {
  const roleArn = form.get('RoleArn') ?? undefined;
  const roleSessionName = form.get('RoleSessionName') ?? undefined;
  const duration = form.get('DurationSeconds') ?? undefined;
  if (roleArn === undefined) return validationError('roleArn', roleArn, 'Member must not be null');
  if (roleSessionName === undefined || !/^[\w+=,.@-]{2,64}$/.test(roleSessionName)) {
    return validationError(
      'roleSessionName',
      roleSessionName,
      'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
    );
  }
  const durationSeconds = duration === undefined ? state.defaultSessionSeconds : Number(duration);
  if (!Number.isInteger(durationSeconds) || durationSeconds < MIN_DURATION) {
    return validationError(
      'durationSeconds',
      duration,
      `Member must have value greater than or equal to ${MIN_DURATION}`,
    );
  }
  if (durationSeconds > MAX_DURATION) {
    return validationError(
      'durationSeconds',
      duration,
      `Member must have value less than or equal to ${MAX_DURATION}`,
    );
  }
  return { roleArn, roleSessionName, externalId: form.get('ExternalId') ?? undefined, durationSeconds };
}

/**
 * AWS STS `AssumeRole` on the Query protocol (`POST /`, form body, SigV4 with service `sts`). The role
 * must be configured and its ExternalId match; the issued session credentials are then accepted by the
 * Bedrock face until they expire.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export function handleSts(request: EmulatorRequest, response: ServerResponse, state: EmulatorState): void {
  const authError = authenticateAws(request, state, 'sts');
  if (authError && state.verifySignatures) {
    sendStsError(response, {
      status: authError.status,
      code: STS_AUTH_CODES[authError.errorType] ?? authError.errorType,
      message: authError.message,
    });
    return;
  }
  const form = new URLSearchParams(request.record.body);
  const action = form.get('Action');
  if (action !== 'AssumeRole' || form.get('Version') !== VERSION) {
    sendStsError(response, {
      status: 400,
      code: 'InvalidAction',
      message: `Could not find operation ${action ?? ''} for version ${form.get('Version') ?? ''}`,
    });
    return;
  }
  const input = parseAssumeRole(form, state);
  if ('code' in input) {
    sendStsError(response, input);
    return;
  }
  const call: AssumeRoleCall = { ...input, outcome: { error: 'AccessDenied' } };
  state.assumeRoleCalls.push(call);
  const role = state.roles.find((candidate) => candidate.roleArn === input.roleArn);
  const arn = ROLE_ARN.exec(input.roleArn);
  // AWS does not say whether the role is missing or the ExternalId is wrong: both are AccessDenied.
  if (!role || !arn || (role.externalId !== undefined && role.externalId !== input.externalId)) {
    const caller = request.record.accessKeyId ?? 'unknown';
    sendStsError(response, {
      status: 403,
      code: 'AccessDenied',
      message: `User: arn:aws:iam::123456789012:user/emulator-${caller} is not authorized to perform: sts:AssumeRole on resource: ${input.roleArn}`,
    });
    return;
  }
  const accessKeyId = `ASIA${randomUpper(16)}`;
  const secretAccessKey = randomBytes(30).toString('base64');
  const sessionToken = `FwoGZXIvYXdzEMULATOR${randomBytes(96).toString('base64')}`;
  const expiration = new Date(state.now().getTime() + input.durationSeconds * 1000);
  state.credentials.push({ accessKeyId, secretAccessKey, sessionToken, expiresAt: expiration });
  call.outcome = { accessKeyId };
  const roleId = `AROA${createHash('sha256').update(input.roleArn).digest('hex').slice(0, 17).toUpperCase()}`;
  sendAssumeRoleResponse(response, {
    assumedRoleArn: `arn:aws:sts::${arn[1]}:assumed-role/${arn[2]}/${input.roleSessionName}`,
    assumedRoleId: `${roleId}:${input.roleSessionName}`,
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiration,
  });
}
