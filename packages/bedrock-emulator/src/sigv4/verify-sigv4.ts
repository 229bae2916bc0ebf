import { timingSafeEqual } from 'node:crypto';
import { buildCanonicalRequest, collectHeaders, type WireRequest } from './sigv4-canonical-request';
import {
  buildStringToSign,
  type CredentialScope,
  computeSignature,
  SIGV4_ALGORITHM,
} from './sigv4-signature';

export type SigV4Credential = {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, the request must carry exactly this `x-amz-security-token`. */
  sessionToken?: string;
  /** Temporary credentials past this instant are refused with ExpiredTokenException. */
  expiresAt?: Date;
};

export type SigV4VerifierConfig = {
  /** The region, or every region, the credential scope may name. */
  region: string | readonly string[];
  service: string;
  credentials: readonly SigV4Credential[];
  now: () => Date;
  /** AWS refuses requests whose x-amz-date is more than 5 minutes away from its clock. */
  maxClockSkewMs?: number;
};

export type SigV4Failure = {
  ok: false;
  /** AWS error code, sent as `x-amzn-ErrorType`. */
  errorType: string;
  message: string;
};

export type SigV4Result = { ok: true; accessKeyId: string; region: string } | SigV4Failure;

// Wording of the real service, so clients map the error exactly as they would against AWS.
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
const FIVE_MINUTES_MS = 5 * 60 * 1000;

function fail(errorType: string, message: string): SigV4Failure {
  return { ok: false, errorType, message };
}

type ParsedAuthorization = {
  accessKeyId: string;
  scope: CredentialScope;
  terminator: string;
  signedHeaders: string[];
  signature: string;
};

export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  if (!header.startsWith(`${SIGV4_ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(SIGV4_ALGORITHM.length + 1).split(',')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    fields.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) return undefined;
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || !terminator) return undefined;
  return {
    accessKeyId,
    scope: { date, region, service },
    terminator,
    signedHeaders: signedHeaders.split(';'),
    signature,
  };
}

/** `20150830T123600Z` -> Date, or undefined when the format is not ISO 8601 basic. */
export function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
}

function safeEqual(left: string, right: string): boolean {
  const leftBytes = Buffer.from(left, 'utf8');
  const rightBytes = Buffer.from(right, 'utf8');
  return leftBytes.length === rightBytes.length && timingSafeEqual(leftBytes, rightBytes);
}

/**
 * Verifies an AWS Signature Version 4 `Authorization` header by recomputing the signature on our side.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 */
export function verifySigV4(request: WireRequest, config: SigV4VerifierConfig): SigV4Result {
  const headers = collectHeaders(request.headers);
  const authorizationHeader = headers.get('authorization');
  if (!authorizationHeader)
    return fail('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const authorization = parseAuthorization(authorizationHeader);
  if (!authorization) {
    return fail(
      'IncompleteSignatureException',
      "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.",
    );
  }

  const credential = config.credentials.find((candidate) =>
    safeEqual(candidate.accessKeyId, authorization.accessKeyId),
  );
  if (!credential) return fail('UnrecognizedClientException', INVALID_TOKEN_MESSAGE);

  const tokenOnRequest = headers.get('x-amz-security-token');
  if (credential.sessionToken !== undefined || tokenOnRequest !== undefined) {
    if (!credential.sessionToken || !tokenOnRequest || !safeEqual(credential.sessionToken, tokenOnRequest)) {
      return fail('UnrecognizedClientException', INVALID_TOKEN_MESSAGE);
    }
  }
  const now = config.now();
  if (credential.expiresAt && credential.expiresAt.getTime() <= now.getTime()) {
    return fail('ExpiredTokenException', 'The security token included in the request is expired');
  }

  const { scope } = authorization;
  if (scope.service !== config.service) {
    return fail(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${config.service}'. `,
    );
  }
  const regions: readonly string[] = typeof config.region === 'string' ? [config.region] : config.region;
  if (!regions.includes(scope.region)) {
    return fail('InvalidSignatureException', 'Credential should be scoped to a valid region. ');
  }
  if (authorization.terminator !== 'aws4_request') {
    return fail(
      'InvalidSignatureException',
      "Credential should be scoped with a valid terminator: 'aws4_request'. ",
    );
  }

  const amzDate = headers.get('x-amz-date');
  const signedAt = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (!amzDate || !signedAt) {
    return fail(
      'IncompleteSignatureException',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  if (!amzDate.startsWith(scope.date)) {
    return fail(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  const skew = signedAt.getTime() - now.getTime();
  if (Math.abs(skew) > (config.maxClockSkewMs ?? FIVE_MINUTES_MS)) {
    return fail('InvalidSignatureException', describeSkew(amzDate, now, skew > 0));
  }
  // Over HTTP/2 the SDK signs `:authority`, which stands for `host`.
  if (!authorization.signedHeaders.includes('host') && !authorization.signedHeaders.includes(':authority')) {
    return fail('InvalidSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }

  const canonicalRequest = buildCanonicalRequest(request, authorization.signedHeaders);
  const stringToSign = buildStringToSign(amzDate, scope, canonicalRequest);
  const expected = computeSignature(credential.secretAccessKey, scope, stringToSign);
  if (!safeEqual(expected, authorization.signature)) {
    return fail('InvalidSignatureException', SIGNATURE_MISMATCH_MESSAGE);
  }
  return { ok: true, accessKeyId: credential.accessKeyId, region: scope.region };
}

function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function describeSkew(amzDate: string, now: Date, inFuture: boolean): string {
  if (inFuture) {
    const limit = formatAmzDate(new Date(now.getTime() + FIVE_MINUTES_MS));
    return `Signature not yet current: ${amzDate} is still later than ${limit} (${formatAmzDate(now)} + 5 min.)`;
  }
  const limit = formatAmzDate(new Date(now.getTime() - FIVE_MINUTES_MS));
  return `Signature expired: ${amzDate} is now earlier than ${limit} (${formatAmzDate(now)} - 5 min.)`;
}
