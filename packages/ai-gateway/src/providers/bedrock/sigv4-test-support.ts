import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { getCanonicalHeaders, getPayloadHash, SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials } from './bedrock-credentials';
import { signatureV4Init } from './bedrock-sigv4';

/** Test support (not used at run time): fixture paths and a signer whose stages can be inspected. */
export const FIXTURES_DIRECTORY = fileURLToPath(new URL('./__fixtures__/', import.meta.url));

export function readFixture(relativePath: string): Buffer {
  return readFileSync(`${FIXTURES_DIRECTORY}${relativePath}`);
}

export function readFixtureText(relativePath: string): string {
  return readFixture(relativePath).toString('utf8');
}

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
    const payloadHash = await getPayloadHash(unsigned, Sha256);
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
