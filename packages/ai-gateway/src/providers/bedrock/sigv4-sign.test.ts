import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signingRequestOf, signWithSigV4 } from './bedrock-sigv4';
import { SigningKeyCache, signSigV4 } from './sigv4-sign';

/** smithy's SigV4 as the gateway used it until issue 18: the oracle for the lean signer. */
class SmithySha256 extends Hash {
  constructor(secret?: ConstructorParameters<typeof Hash>[1]) {
    super('sha256', secret);
  }
}

async function smithyAuthorization(
  input: Parameters<typeof signWithSigV4>[0],
): Promise<Record<string, string>> {
  const request = signingRequestOf(input);
  const signer = new SignatureV4({
    service: 'bedrock',
    region: input.region,
    credentials: input.credentials,
    sha256: SmithySha256,
    uriEscapePath: true,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: input.url.protocol,
      hostname: input.url.hostname,
      ...(input.url.port === '' ? {} : { port: Number(input.url.port) }),
      path: request.path,
      query: request.query ?? {},
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    }),
    { signingDate: input.signingDate },
  );
  const { authorization = '', 'x-amz-date': date = '', 'x-amz-security-token': token } = signed.headers;
  return {
    authorization,
    'x-amz-date': date,
    ...(token === undefined ? {} : { 'x-amz-security-token': token }),
  };
}

const modelId = fc.oneof(
  fc.constantFrom(
    'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    'anthropic.claude-3-haiku-20240307-v1:0',
    'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123',
    'amazon.titan-embed-text-v2:0',
  ),
  fc.string({ minLength: 1, maxLength: 40 }).filter((id) => id !== '.' && id !== '..'),
);

describe('signSigV4 against smithy on Bedrock-shaped requests', () => {
  it('produces the same headers for any model id, action, region, body and credentials', async () => {
    await fc.assert(
      fc.asyncProperty(
        modelId,
        fc.constantFrom(
          'invoke',
          'invoke-with-response-stream',
          'converse',
          'converse-stream',
          'count-tokens',
        ),
        fc.constantFrom('us-east-1', 'eu-west-1', 'ap-northeast-1'),
        fc.string({ maxLength: 300 }),
        fc.option(
          fc.string({ minLength: 1, maxLength: 80 }).map((token) => token.trim() || 'token'),
          {
            nil: undefined,
          },
        ),
        fc.date({
          min: new Date('2015-01-01T00:00:00Z'),
          max: new Date('2035-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        async (id, action, region, body, sessionToken, signingDate) => {
          const input = {
            method: 'POST',
            url: new URL(
              `https://bedrock-runtime.${region}.amazonaws.com/model/${encodeURIComponent(id)}/${action}`,
            ),
            headers: {
              'content-type': 'application/json',
              accept: action.endsWith('stream') ? 'application/vnd.amazon.eventstream' : 'application/json',
              'user-agent': 'not signed',
            },
            body,
            credentials: {
              accessKeyId: 'AKIDEXAMPLE',
              secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
              ...(sessionToken === undefined ? {} : { sessionToken }),
            },
            region,
            signingDate,
          };
          expect(signWithSigV4(input)).toEqual(await smithyAuthorization(input));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('canonicalises header values as trim + collapsed whitespace, unicode spaces included', () => {
    const scope = {
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      region: 'us-east-1',
      service: 'bedrock',
      signingDate: new Date('2026-11-30T10:00:00Z'),
    };
    for (const value of ['a b', ' a', 'a ', 'a  b', 'a\tb', 'a\u00a0b', 'a\u2028b', 'a\u3000 b', '\ufeffa']) {
      const signed = signSigV4(
        { method: 'GET', path: '/', headers: { host: 'h', 'x-amz-meta': value } },
        scope,
      );
      expect(signed.canonicalRequest).toContain(`\nx-amz-meta:${value.trim().replace(/\s+/g, ' ')}\n`);
    }
  });

  it('derives the signing key once per day, region and service, then reuses it', () => {
    const keys = new SigningKeyCache(2);
    const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
    const request = { method: 'POST', path: '/model/m/invoke', headers: { host: 'example.com' }, body: '{}' };
    const sign = (isoDate: string, region: string) =>
      signSigV4(request, { credentials, region, service: 'bedrock', signingDate: new Date(isoDate) }, keys);
    const first = sign('2026-11-30T10:00:00Z', 'us-east-1');
    const cached = sign('2026-11-30T10:00:00Z', 'us-east-1');
    expect(cached.headers).toEqual(first.headers);
    // A new day and another region each need their own key; the cache stays bounded (two entries).
    expect(sign('2026-12-01T10:00:00Z', 'us-east-1').headers.authorization).not.toBe(
      first.headers.authorization,
    );
    expect(sign('2026-11-30T10:00:00Z', 'eu-west-1').headers.authorization).not.toBe(
      first.headers.authorization,
    );
    expect(sign('2026-11-30T10:00:00Z', 'us-east-1').headers).toEqual(first.headers);
  });
});
