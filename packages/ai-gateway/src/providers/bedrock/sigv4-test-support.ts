/** Test support (not used at run time): the shared fixtures and a signer whose stages can be inspected. */
import { readFixtureText } from '@gateway/aws-fixtures';
import { HttpRequest } from '@smithy/protocol-http';
import { getCanonicalHeaders, getPayloadHash, SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials } from './bedrock-credentials';
import { NodeSha256, signatureV4Init } from './bedrock-sigv4';

export { FIXTURES_DIRECTORY, readFixture, readFixtureText } from '@gateway/aws-fixtures';

export type SigningStages = {
  canonicalRequest: string;
  stringToSign: string;
  authorization: string;
  signedHeaders: Record<string, string>;
};

/**
 * The signer configured exactly as in production (`signatureV4Init`), exposing smithy's own
 * protected `createCanonicalRequest` / `createStringToSign` so each SigV4 stage can be compared
 * with published vectors, not only the final Authorization header.
 */
export class InspectableSignatureV4 extends SignatureV4 {
  private readonly signingRegion: string;

  constructor(credentials: AwsCredentials, region: string, service?: string) {
    super(signatureV4Init(credentials, region, service));
    this.signingRegion = region;
  }

  async stages(request: HttpRequest, signingDate: Date): Promise<SigningStages> {
    const signed = await this.sign(request, { signingDate });
    const headers = { ...signed.headers };
    const authorization = headers.authorization ?? '';
    delete headers.authorization;
    const unsigned = new HttpRequest({ ...signed, headers });
    const payloadHash = await getPayloadHash(unsigned, NodeSha256);
    const canonicalRequest = this.createCanonicalRequest(
      unsigned,
      getCanonicalHeaders(unsigned),
      payloadHash,
    );
    const { longDate, shortDate } = this.formatDate(signingDate);
    const scope = `${shortDate}/${this.signingRegion}/${this.service}/aws4_request`;
    const stringToSign = await this.createStringToSign(longDate, scope, canonicalRequest, 'AWS4-HMAC-SHA256');
    return { canonicalRequest, stringToSign, authorization, signedHeaders: signed.headers };
  }
}

/** One file of __fixtures__/sigv4-bedrock-vectors (see its SOURCE.txt). */
export type BedrockSigningVector = {
  name: string;
  credentials: { access_key_id: string; secret_access_key: string; session_token: string | null };
  region: string;
  x_amz_date: string;
  request: {
    method: string;
    url: string;
    path_on_wire: string;
    headers_before_signing: Record<string, string>;
    body: string;
  };
  canonical_request: string;
  string_to_sign: string;
  authorization: string;
};

export const BEDROCK_VECTOR_NAMES = [
  'converse-stream-colon-encoded',
  'invoke-arn-encoded',
  'invoke-colon-encoded-session-token',
  'invoke-colon-encoded',
  'invoke-colon-raw',
  'invoke-stream-profile-colon-encoded',
  'no-escapable-chars',
] as const;

export function readBedrockVector(name: string): BedrockSigningVector {
  return JSON.parse(readFixtureText(`sigv4-bedrock-vectors/${name}.json`)) as BedrockSigningVector;
}

/** `20150830T123600Z` -> Date. */
export function vectorDate(xAmzDate: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(xAmzDate);
  if (match === null) throw new Error(`not an x-amz-date: ${xAmzDate}`);
  const [, year, month, day, hour, minute, second] = match;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
}

export function vectorCredentials(vector: BedrockSigningVector): AwsCredentials {
  return {
    accessKeyId: vector.credentials.access_key_id,
    secretAccessKey: vector.credentials.secret_access_key,
    ...(vector.credentials.session_token === null ? {} : { sessionToken: vector.credentials.session_token }),
  };
}
