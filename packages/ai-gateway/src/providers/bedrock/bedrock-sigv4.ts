import type { AwsCredentials } from './bedrock-credentials';
import { type SigningKeyCache, type SigV4Request, signSigV4 } from './sigv4-sign';

/** Bedrock Runtime's SigV4 signing name (service-2.json `signingName`), not `bedrock-runtime`. */
export const BEDROCK_SIGNING_SERVICE = 'bedrock';

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
  if (url.search === '') return query;
  for (const [name, value] of url.searchParams) {
    const existing = query[name];
    query[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

/** What is signed: method, the path as on the wire, the query, and only the signable headers (plus `host`). */
export function signingRequestOf(
  input: Pick<SigV4Input, 'method' | 'url' | 'headers' | 'body'>,
): SigV4Request & { headers: Record<string, string> } {
  const headersToSign: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) {
    if (isSignedHeader(name) && name !== 'host') headersToSign[name] = value;
  }
  headersToSign.host = input.url.host;
  return {
    method: input.method,
    path: input.url.pathname,
    query: queryOf(input.url),
    headers: headersToSign,
    body: input.body,
  };
}

/** Signs with derived keys from `keys` (a fresh cache without: tests and one-off signatures). */
export function signWithSigV4(input: SigV4Input, keys?: SigningKeyCache): SigV4Headers {
  const signed = signSigV4(
    signingRequestOf(input),
    {
      credentials: input.credentials,
      region: input.region,
      service: BEDROCK_SIGNING_SERVICE,
      signingDate: input.signingDate,
    },
    keys,
  );
  return signed.headers;
}
