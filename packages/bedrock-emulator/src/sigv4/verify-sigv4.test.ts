import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIRECTORY } from '@gateway/aws-fixtures';
import { describe, expect, it } from 'vitest';
import { buildCanonicalRequest, type WireRequest } from './sigv4-canonical-request';
import { buildStringToSign } from './sigv4-signature';
import { parseAuthorization, SIGNATURE_MISMATCH_MESSAGE, verifySigV4 } from './verify-sigv4';

const fixtures = FIXTURES_DIRECTORY;
const suiteRoot = join(fixtures, 'sigv4-test-suite');
const SUITE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SUITE_NOW = new Date('2015-08-30T12:36:00Z');

function caseDirectories(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (!statSync(path).isDirectory()) return [];
    const hasRequest = readdirSync(path).some((file) => file.endsWith('.req'));
    return hasRequest ? [path] : caseDirectories(path);
  });
}

/** Parses the suite's raw `.req` format (folded header lines, optional body after a blank line). */
function parseRawRequest(text: string): WireRequest {
  const [head = '', ...bodyParts] = text.split('\n\n');
  const [requestLine = '', ...headerLines] = head.split('\n');
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const path = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' HTTP/'));
  const headers: [string, string][] = [];
  for (const line of headerLines) {
    const last = headers.at(-1);
    if (/^\s/.test(line) && last) last[1] = `${last[1]} ${line.trim()}`;
    else headers.push([line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]);
  }
  return { method, path, headers, body: Buffer.from(bodyParts.join('\n\n'), 'utf8') };
}

describe('SigV4 verifier against the official AWS test suite', () => {
  const cases = caseDirectories(suiteRoot);
  it('finds every case of the suite', () => {
    expect(cases.length).toBe(34);
  });

  for (const directory of cases) {
    const name = directory.slice(suiteRoot.length + 1);
    const base = join(directory, directory.split('/').at(-1)!);
    const read = (extension: string) => readFileSync(`${base}.${extension}`, 'utf8');

    it(`${name}: canonical request, string to sign and signature`, () => {
      const request = parseRawRequest(read('req'));
      const expectedCanonical = read('creq');
      // get-vanilla-with-session-token: the signer adds the token header, the .req does not carry it.
      const tokenLine = /^x-amz-security-token:(.*)$/m.exec(expectedCanonical);
      if (tokenLine && !request.headers.some(([header]) => header.toLowerCase() === 'x-amz-security-token')) {
        request.headers = [...request.headers, ['X-Amz-Security-Token', tokenLine[1]!]];
      }
      const authorizationHeader = read('authz');
      const authorization = parseAuthorization(authorizationHeader)!;
      expect(buildCanonicalRequest(request, authorization.signedHeaders)).toBe(expectedCanonical);
      expect(buildStringToSign('20150830T123600Z', authorization.scope, expectedCanonical)).toBe(read('sts'));

      const signed: WireRequest = {
        ...request,
        headers: [...request.headers, ['Authorization', authorizationHeader]],
      };
      const sessionToken = request.headers.find(
        ([header]) => header.toLowerCase() === 'x-amz-security-token',
      )?.[1];
      const config = {
        region: 'us-east-1',
        service: 'service',
        now: () => SUITE_NOW,
        credentials: [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SUITE_SECRET, sessionToken }],
      };
      expect(verifySigV4(signed, config)).toEqual({
        ok: true,
        accessKeyId: 'AKIDEXAMPLE',
        region: 'us-east-1',
      });
      const wrongSecret = {
        ...config,
        credentials: [{ ...config.credentials[0]!, secretAccessKey: 'wrong' }],
      };
      expect(verifySigV4(signed, wrongSecret)).toEqual({
        ok: false,
        errorType: 'InvalidSignatureException',
        message: SIGNATURE_MISMATCH_MESSAGE,
      });
    });
  }
});

type BedrockVector = {
  name: string;
  credentials: { access_key_id: string; secret_access_key: string; session_token?: string | null };
  region: string;
  request: {
    method: string;
    path_on_wire: string;
    headers_before_signing: Record<string, string>;
    body: string;
  };
  canonical_request: string;
  string_to_sign: string;
  signed_request_headers: Record<string, string>;
};

function loadVectors(): BedrockVector[] {
  const directory = join(fixtures, 'sigv4-bedrock-vectors');
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(directory, file), 'utf8')) as BedrockVector);
}

function vectorRequest(vector: BedrockVector, path = vector.request.path_on_wire): WireRequest {
  const headers = { ...vector.request.headers_before_signing, ...vector.signed_request_headers };
  return {
    method: vector.request.method,
    path,
    headers: Object.entries(headers),
    body: Buffer.from(vector.request.body, 'utf8'),
  };
}

describe('SigV4 verifier against the Bedrock vectors', () => {
  const vectors = loadVectors();
  it('has the 7 vectors', () => expect(vectors).toHaveLength(7));

  for (const vector of vectors) {
    const config = {
      region: vector.region,
      service: 'bedrock',
      now: () => SUITE_NOW,
      credentials: [
        {
          accessKeyId: vector.credentials.access_key_id,
          secretAccessKey: vector.credentials.secret_access_key,
          sessionToken: vector.credentials.session_token ?? undefined,
        },
      ],
    };

    it(`${vector.name}: recomputes the canonical request and accepts the signature`, () => {
      const request = vectorRequest(vector);
      const authorization = parseAuthorization(vector.signed_request_headers.Authorization!)!;
      expect(buildCanonicalRequest(request, authorization.signedHeaders)).toBe(vector.canonical_request);
      expect(verifySigV4(request, config)).toEqual({
        ok: true,
        accessKeyId: 'AKIDEXAMPLE',
        region: vector.region,
      });
    });

    it(`${vector.name}: refuses the same signature over a double-encoded path`, () => {
      const doubled = vector.request.path_on_wire.replaceAll('%', '%25');
      if (doubled === vector.request.path_on_wire) return;
      expect(verifySigV4(vectorRequest(vector, doubled), config)).toMatchObject({
        ok: false,
        errorType: 'InvalidSignatureException',
      });
    });
  }

  const [first] = vectors.filter((vector) => vector.name === 'invoke-colon-encoded');
  const baseConfig = {
    region: 'us-east-1',
    service: 'bedrock',
    now: () => SUITE_NOW,
    credentials: [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SUITE_SECRET }],
  };

  it('refuses a clock skew above 5 minutes in both directions', () => {
    const late = verifySigV4(vectorRequest(first!), {
      ...baseConfig,
      now: () => new Date('2015-08-30T12:41:01Z'),
    });
    expect(late).toMatchObject({ ok: false, errorType: 'InvalidSignatureException' });
    expect((late as { message: string }).message).toMatch(
      /^Signature expired: 20150830T123600Z is now earlier/,
    );
    const early = verifySigV4(vectorRequest(first!), {
      ...baseConfig,
      now: () => new Date('2015-08-30T12:30:59Z'),
    });
    expect((early as { message: string }).message).toMatch(/^Signature not yet current/);
    const within = verifySigV4(vectorRequest(first!), {
      ...baseConfig,
      now: () => new Date('2015-08-30T12:40:59Z'),
    });
    expect(within.ok).toBe(true);
  });

  it('refuses an unknown access key id, another region and a missing or unexpected session token', () => {
    const request = vectorRequest(first!);
    expect(
      verifySigV4(request, {
        ...baseConfig,
        credentials: [{ accessKeyId: 'AKIDOTHER', secretAccessKey: 'x' }],
      }),
    ).toMatchObject({
      errorType: 'UnrecognizedClientException',
    });
    expect(verifySigV4(request, { ...baseConfig, region: 'eu-west-1' })).toMatchObject({
      errorType: 'InvalidSignatureException',
      message: 'Credential should be scoped to a valid region. ',
    });
    const needsToken = {
      ...baseConfig,
      credentials: [{ ...baseConfig.credentials[0]!, sessionToken: 'token' }],
    };
    expect(verifySigV4(request, needsToken)).toMatchObject({ errorType: 'UnrecognizedClientException' });
    const [withToken] = vectors.filter((vector) => vector.name === 'invoke-colon-encoded-session-token');
    expect(verifySigV4(vectorRequest(withToken!), baseConfig)).toMatchObject({
      errorType: 'UnrecognizedClientException',
    });
    expect(verifySigV4({ ...request, headers: [] }, baseConfig)).toMatchObject({
      errorType: 'MissingAuthenticationTokenException',
    });
  });

  it('refuses expired temporary credentials', () => {
    const [withToken] = vectors.filter((vector) => vector.name === 'invoke-colon-encoded-session-token');
    const config = {
      ...baseConfig,
      credentials: [
        {
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: SUITE_SECRET,
          sessionToken: withToken!.credentials.session_token ?? undefined,
          expiresAt: new Date('2015-08-30T12:00:00Z'),
        },
      ],
    };
    expect(verifySigV4(vectorRequest(withToken!), config)).toMatchObject({
      errorType: 'ExpiredTokenException',
    });
  });
});
