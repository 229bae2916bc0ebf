import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials } from './bedrock-credentials';

/** Bedrock Runtime's SigV4 signing name (service-2.json `signingName`), not `bedrock-runtime`. */
const SIGNING_SERVICE = 'bedrock';

/**
 * The SignatureV4 settings for Bedrock (and, with another service name, for the AWS test suite):
 * non-S3 services sign the URI-encoded form of the path as sent, so the once-encoded model id is
 * encoded again in the canonical URI (`%3A` -> `%253A`); no `x-amz-content-sha256` header is
 * needed (the body hash is still the canonical request's last line).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-canonical-request
 */
export function signatureV4Init(credentials: AwsCredentials, region: string, service = SIGNING_SERVICE) {
  return {
    service,
    region,
    credentials: { ...credentials },
    // Node's native SHA-256/HMAC (OpenSSL) through smithy's adapter: a pure-JS hash cost more
    // than half of the per-request signing time.
    sha256: NodeSha256,
    uriEscapePath: true,
    applyChecksum: false,
  } satisfies ConstructorParameters<typeof SignatureV4>[0];
}

/** smithy's `Hash` bound to SHA-256, in the `ChecksumConstructor` shape SignatureV4 expects. */
export class NodeSha256 extends Hash {
  constructor(secret?: ConstructorParameters<typeof Hash>[1]) {
    super('sha256', secret);
  }
}

/** One signer per (credentials, region); smithy caches the derived signing key per day inside. */
const MAX_CACHED_SIGNERS = 64;

/**
 * Signers by (region, credentials), owned by whoever signs (one per Bedrock provider, so per
 * gateway instance): nothing is kept in module state. Bounded; the oldest entry goes first.
 */
export class SigV4SignerCache {
  private readonly signers = new Map<string, SignatureV4>();

  signerFor(credentials: AwsCredentials, region: string): SignatureV4 {
    const key = [
      region,
      credentials.accessKeyId,
      credentials.secretAccessKey,
      credentials.sessionToken ?? '',
    ].join('\n');
    let signer = this.signers.get(key);
    if (signer === undefined) {
      signer = new SignatureV4(signatureV4Init(credentials, region));
      if (this.signers.size >= MAX_CACHED_SIGNERS) {
        const oldest = this.signers.keys().next().value;
        if (oldest !== undefined) this.signers.delete(oldest);
      }
      this.signers.set(key, signer);
    }
    return signer;
  }
}

/**
 * Only these headers are signed: a proxy may legitimately add or rewrite anything else (e.g.
 * `x-forwarded-for`, `connection`), which would break a signature that covered them.
 */
export function isSignedHeader(name: string): boolean {
  return name === 'host' || name === 'content-type' || name === 'accept' || name.startsWith('x-amz');
}

export type SigV4Input = {
  method: string;
  /** The exact URL sent; its path is signed as it appears on the wire. */
  url: URL;
  /** Lower-case header names. Only `isSignedHeader` ones are signed; `host` comes from `url`. */
  headers: Record<string, string>;
  body: string | undefined;
  credentials: AwsCredentials;
  region: string;
  signingDate: Date;
};

/** The headers SigV4 adds: `authorization`, `x-amz-date` and, with session credentials, `x-amz-security-token`. */
export type SigV4Headers = Record<string, string>;

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const existing = query[name];
    query[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

/** The request smithy signs: method, URL parts and only the signable headers (plus `host`). */
export function signingRequestOf(
  input: Pick<SigV4Input, 'method' | 'url' | 'headers' | 'body'>,
): HttpRequest {
  const headersToSign: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) {
    if (isSignedHeader(name) && name !== 'host') headersToSign[name] = value;
  }
  headersToSign.host = input.url.host;

  return new HttpRequest({
    method: input.method,
    protocol: input.url.protocol,
    hostname: input.url.hostname,
    ...(input.url.port === '' ? {} : { port: Number(input.url.port) }),
    path: input.url.pathname,
    query: queryOf(input.url),
    headers: headersToSign,
    ...(input.body === undefined ? {} : { body: input.body }),
  });
}

/** Signs with a signer from `cache` (a fresh one without: tests and one-off signatures). */
export async function signWithSigV4(input: SigV4Input, cache?: SigV4SignerCache): Promise<SigV4Headers> {
  const signer = cache
    ? cache.signerFor(input.credentials, input.region)
    : new SignatureV4(signatureV4Init(input.credentials, input.region));
  const signed = await signer.sign(signingRequestOf(input), {
    signingDate: input.signingDate,
  });

  const result: SigV4Headers = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    const lowerName = name.toLowerCase();
    if (lowerName === 'authorization' || lowerName === 'x-amz-date' || lowerName === 'x-amz-security-token') {
      result[lowerName] = value;
    }
  }
  return result;
}
