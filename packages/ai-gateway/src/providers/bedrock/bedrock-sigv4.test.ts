import { describe, expect, it } from 'vitest';
import { signingRequestOf, signWithSigV4 } from './bedrock-sigv4';
import {
  BEDROCK_VECTOR_NAMES,
  InspectableSignatureV4,
  readBedrockVector,
  vectorCredentials,
  vectorDate,
} from './sigv4-test-support';

/** Lower-cases the vector's header names, as `UpstreamHttpRequest` carries them. */
function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

describe('signWithSigV4 against the Bedrock vectors', () => {
  it.each(BEDROCK_VECTOR_NAMES)('%s: canonical request, string to sign, Authorization', async (name) => {
    const vector = readBedrockVector(name);
    const url = new URL(vector.request.url);
    const input = {
      method: vector.request.method,
      url,
      headers: lowerCaseHeaders(vector.request.headers_before_signing),
      body: vector.request.body,
    };
    expect(url.pathname).toBe(vector.request.path_on_wire);

    const stages = await new InspectableSignatureV4(vectorCredentials(vector), vector.region).stages(
      signingRequestOf(input),
      vectorDate(vector.x_amz_date),
    );
    expect(stages.canonicalRequest).toBe(vector.canonical_request);
    expect(stages.stringToSign).toBe(vector.string_to_sign);

    const headers = await signWithSigV4({
      ...input,
      credentials: vectorCredentials(vector),
      region: vector.region,
      signingDate: vectorDate(vector.x_amz_date),
    });
    expect(headers.authorization).toBe(vector.authorization);
    expect(headers['x-amz-date']).toBe(vector.x_amz_date);
    expect(headers['x-amz-security-token']).toBe(vector.credentials.session_token ?? undefined);
    expect(Object.keys(headers).sort()).toEqual(
      vector.credentials.session_token === null
        ? ['authorization', 'x-amz-date']
        : ['authorization', 'x-amz-date', 'x-amz-security-token'],
    );
  });

  it('signs only host, content-type, accept and x-amz* headers', async () => {
    const vector = readBedrockVector('invoke-colon-encoded');
    const headers = {
      ...lowerCaseHeaders(vector.request.headers_before_signing),
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      connection: 'keep-alive',
      'anthropic-beta': 'context-1m-2025-08-07',
      'user-agent': 'gateway-test',
    };
    const signed = await signWithSigV4({
      method: 'POST',
      url: new URL(vector.request.url),
      headers,
      body: vector.request.body,
      credentials: vectorCredentials(vector),
      region: vector.region,
      signingDate: vectorDate(vector.x_amz_date),
    });
    expect(signed.authorization).toBe(vector.authorization);
    expect(signed.authorization).toContain('SignedHeaders=accept;content-type;host;x-amz-date,');
  });

  it('takes host from the URL, never from a header', async () => {
    const vector = readBedrockVector('invoke-colon-encoded');
    const signed = await signWithSigV4({
      method: 'POST',
      url: new URL(vector.request.url),
      headers: { ...lowerCaseHeaders(vector.request.headers_before_signing), host: 'attacker.example' },
      body: vector.request.body,
      credentials: vectorCredentials(vector),
      region: vector.region,
      signingDate: vectorDate(vector.x_amz_date),
    });
    expect(signed.authorization).toBe(vector.authorization);
  });
});
