/** Test support (not used at run time): the shared fixtures and a signer whose stages can be inspected. */
import { readFixtureText } from '@gateway/aws-fixtures';
import type { AwsCredentials } from './bedrock-credentials';
import { BEDROCK_SIGNING_SERVICE } from './bedrock-sigv4';
import { type SigV4Request, signSigV4 } from './sigv4-sign';

export { FIXTURES_DIRECTORY, readFixture, readFixtureText } from '@gateway/aws-fixtures';

export type SigningStages = {
  canonicalRequest: string;
  stringToSign: string;
  authorization: string;
  signedHeaders: Record<string, string>;
};

/**
 * The production signer (`signSigV4`) with every stage exposed, so each can be compared with
 * published vectors, not only the final Authorization header. `service` defaults to Bedrock's.
 */
export class InspectableSignatureV4 {
  constructor(
    private readonly credentials: AwsCredentials,
    private readonly region: string,
    private readonly service = BEDROCK_SIGNING_SERVICE,
  ) {}

  async stages(request: SigV4Request, signingDate: Date): Promise<SigningStages> {
    const signed = signSigV4(request, {
      credentials: this.credentials,
      region: this.region,
      service: this.service,
      signingDate,
    });
    return {
      canonicalRequest: signed.canonicalRequest,
      stringToSign: signed.stringToSign,
      authorization: signed.headers.authorization as string,
      signedHeaders: { ...request.headers, ...signed.headers } as Record<string, string>,
    };
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
