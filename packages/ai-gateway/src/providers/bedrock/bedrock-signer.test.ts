import { describe, expect, it } from 'vitest';
import type { AwsBedrockSettings } from '../../definition/aws-bedrock-settings-schema';
import {
  type ApiAdapter,
  type CustomLlmDefinition,
  CustomLlmDefinitionSchema,
} from '../../definition/custom-llm-definition-schema';
import { GatewayError } from '../../errors/gateway-error';
import type { AuthorizeContext, UpstreamHttpRequest } from '../types';
import { memoizeCredentialProvider } from './bedrock-credentials';
import { createBedrockSigner } from './bedrock-signer';
import { signingRequestOf } from './bedrock-sigv4';
import { InspectableSignatureV4, readBedrockVector, vectorDate } from './sigv4-test-support';

const ACCESS_KEYS = {
  access_key_id: 'AKIDEXAMPLE',
  secret_access_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const SESSION_TOKEN = readBedrockVector('invoke-colon-encoded-session-token').credentials
  .session_token as string;
const VECTOR_DATE = vectorDate('20150830T123600Z');

function bedrockDefinition(
  internalId: string,
  settings: Partial<AwsBedrockSettings> = ACCESS_KEYS,
  baseUrl?: string,
): CustomLlmDefinition {
  return CustomLlmDefinitionSchema.parse({
    internal_id: internalId,
    aws_bedrock: { region: 'us-east-1', ...settings },
    ...(baseUrl === undefined ? {} : { base_url: baseUrl }),
  });
}

function context(
  definition: CustomLlmDefinition,
  options: { apiAdapter?: ApiAdapter; stream?: boolean; now?: () => Date } = {},
): AuthorizeContext {
  const apiAdapter = options.apiAdapter ?? 'anthropic-messages';
  return {
    definition: { ...definition, openclaw_settings: { api_adapter: apiAdapter } },
    operation: 'chat',
    stream: options.stream ?? false,
    now: options.now ?? (() => VECTOR_DATE),
  };
}

/** What `upstream-request.ts` hands the signer: allow-listed headers, the exact body string. */
function unsignedRequest(body: string, extraHeaders: Record<string, string> = {}): UpstreamHttpRequest {
  return {
    url: 'https://placeholder.invalid/',
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...extraHeaders },
    body,
  };
}

const noDefaultChain = memoizeCredentialProvider(async () => {
  throw new Error('the default chain must not be used in this test');
});
const sign = createBedrockSigner({ defaultCredentials: noDefaultChain });

describe('Bedrock signer against the vectors', () => {
  it.each([
    ['invoke-colon-encoded', 'anthropic.claude-3-5-sonnet-20240620-v1:0', ACCESS_KEYS],
    ['invoke-arn-encoded', readArnModelId(), ACCESS_KEYS],
    [
      'invoke-colon-encoded-session-token',
      'anthropic.claude-3-5-sonnet-20240620-v1:0',
      { ...ACCESS_KEYS, session_token: SESSION_TOKEN },
    ],
    ['no-escapable-chars', 'amazon.titan-text-express-v1', ACCESS_KEYS],
  ] as const)('%s: exact wire URL and Authorization', async (vectorName, internalId, settings) => {
    const vector = readBedrockVector(vectorName);
    const signed = await sign(
      unsignedRequest(vector.request.body),
      context(bedrockDefinition(internalId, settings)),
    );

    expect(signed.url).toBe(vector.request.url);
    expect(new URL(signed.url).pathname).toBe(vector.request.path_on_wire);
    expect(signed.headers.authorization).toBe(vector.authorization);
    expect(signed.headers['x-amz-date']).toBe(vector.x_amz_date);
    expect(signed.headers['x-amz-security-token']).toBe(vector.credentials.session_token ?? undefined);
    expect(signed.headers.accept).toBe('application/json');
    expect(signed.headers['content-type']).toBe('application/json');
    expect(signed.headers['x-amz-content-sha256']).toBeUndefined();
    expect(signed.body).toBe(vector.request.body);
  });

  it('encodes the model id once, never sending the raw ":" form', async () => {
    const raw = readBedrockVector('invoke-colon-raw');
    const signed = await sign(
      unsignedRequest(raw.request.body),
      context(bedrockDefinition('anthropic.claude-3-5-sonnet-20240620-v1:0')),
    );
    expect(signed.url).not.toBe(raw.request.url);
    expect(signed.url).toBe(readBedrockVector('invoke-colon-encoded').request.url);
  });

  it.each([
    [
      'invoke-stream-profile-colon-encoded',
      'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      'anthropic-messages',
    ],
    ['converse-stream-colon-encoded', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'bedrock-converse'],
  ] as const)(
    '%s: streaming path, event-stream accept header, signed over the wire path',
    async (vectorName, internalId, apiAdapter) => {
      const vector = readBedrockVector(vectorName);
      const signed = await sign(
        unsignedRequest(vector.request.body),
        context(bedrockDefinition(internalId), { apiAdapter, stream: true }),
      );
      expect(signed.url).toBe(vector.request.url);
      expect(signed.headers.accept).toBe('application/vnd.amazon.eventstream');
      expect(signed.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/us-east-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
      );
      // The vector's request differs only in its accept header, so its canonical request with that
      // header swapped is what the signature must cover.
      const stages = await new InspectableSignatureV4(
        { accessKeyId: ACCESS_KEYS.access_key_id, secretAccessKey: ACCESS_KEYS.secret_access_key },
        'us-east-1',
      ).stages(
        signingRequestOf({
          method: 'POST',
          url: new URL(signed.url),
          headers: signed.headers,
          body: signed.body,
        }),
        VECTOR_DATE,
      );
      const canonicalUri = vector.canonical_request.split('\n')[1];
      expect(stages.canonicalRequest.split('\n')[1]).toBe(canonicalUri);
      expect(stages.canonicalRequest).toContain('accept:application/vnd.amazon.eventstream\n');
      expect(stages.authorization).toBe(signed.headers.authorization);
    },
  );
});

describe('Bedrock signer behaviour', () => {
  it('does not sign, and drops, the caller authorization; leaves x-forwarded-* and connection unsigned', async () => {
    const vector = readBedrockVector('invoke-colon-encoded');
    const signed = await sign(
      unsignedRequest(vector.request.body, {
        authorization: 'Bearer caller-gateway-key',
        'x-forwarded-for': '203.0.113.7',
        'x-forwarded-host': 'gateway.example',
        connection: 'keep-alive',
        'x-amz-date': '20000101T000000Z',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      }),
      context(bedrockDefinition('anthropic.claude-3-5-sonnet-20240620-v1:0')),
    );
    expect(signed.headers.authorization).toBe(vector.authorization);
    expect(signed.headers.authorization).not.toContain('caller-gateway-key');
    expect(signed.headers['x-amz-date']).toBe(vector.x_amz_date);
    expect(signed.headers['x-amz-content-sha256']).toBeUndefined();
    expect(signed.headers['x-forwarded-for']).toBe('203.0.113.7');
  });

  it('re-signs on every call: a later now() gives a new x-amz-date and signature', async () => {
    const definition = bedrockDefinition('anthropic.claude-3-5-sonnet-20240620-v1:0');
    const body = readBedrockVector('invoke-colon-encoded').request.body;
    const first = await sign(unsignedRequest(body), context(definition, { now: () => VECTOR_DATE }));
    const retry = await sign(first, context(definition, { now: () => new Date('2015-08-30T12:36:07Z') }));

    expect(first.headers['x-amz-date']).toBe('20150830T123600Z');
    expect(retry.headers['x-amz-date']).toBe('20150830T123607Z');
    expect(retry.headers.authorization).not.toBe(first.headers.authorization);
    expect(retry.url).toBe(first.url);
  });

  it('api_key mode sends Authorization: Bearer and no SigV4 headers', async () => {
    const signed = await sign(
      unsignedRequest('{}', { authorization: 'Bearer caller-gateway-key', 'x-amz-security-token': 'stale' }),
      context(
        bedrockDefinition('us.anthropic.claude-sonnet-4-5-20250929-v1:0', { api_key: 'bedrock-api-key-123' }),
        {
          stream: true,
        },
      ),
    );
    expect(signed.headers.authorization).toBe('Bearer bedrock-api-key-123');
    expect(signed.headers['x-amz-date']).toBeUndefined();
    expect(signed.headers['x-amz-security-token']).toBeUndefined();
    expect(signed.headers.accept).toBe('application/vnd.amazon.eventstream');
    expect(signed.url).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke-with-response-stream',
    );
  });

  it('signs with the default credential chain when use_default_credentials is set', async () => {
    const vector = readBedrockVector('invoke-colon-encoded-session-token');
    let loads = 0;
    const defaultCredentials = memoizeCredentialProvider(async () => {
      loads++;
      return {
        accessKeyId: ACCESS_KEYS.access_key_id,
        secretAccessKey: ACCESS_KEYS.secret_access_key,
        sessionToken: SESSION_TOKEN,
        expiration: new Date('2015-08-30T18:00:00Z'),
      };
    });
    const signWithChain = createBedrockSigner({ defaultCredentials });
    const definition = bedrockDefinition('anthropic.claude-3-5-sonnet-20240620-v1:0', {
      use_default_credentials: true,
    });

    const first = await signWithChain(unsignedRequest(vector.request.body), context(definition));
    const second = await signWithChain(unsignedRequest(vector.request.body), context(definition));
    expect(first.headers.authorization).toBe(vector.authorization);
    expect(first.headers['x-amz-security-token']).toBe(SESSION_TOKEN);
    expect(second.headers.authorization).toBe(vector.authorization);
    expect(loads).toBe(1);
  });

  it('a failing default chain becomes upstream_auth_failed without the chain message', async () => {
    const failing = createBedrockSigner({
      defaultCredentials: memoizeCredentialProvider(async () => {
        throw new Error('Could not load credentials: secret path /home/user/.aws/credentials');
      }),
    });
    const promise = failing(
      unsignedRequest('{}'),
      context(bedrockDefinition('anthropic.claude-3-haiku-20240307-v1:0', { use_default_credentials: true })),
    );
    const error = await promise.then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'upstream_auth_failed', status: 502 });
    expect((error as GatewayError).message).not.toContain('.aws');
  });

  it('keeps the base path of a VPC endpoint and signs its host', async () => {
    const definition = bedrockDefinition(
      'anthropic.claude-3-5-sonnet-20240620-v1:0',
      ACCESS_KEYS,
      'https://vpce-0a1b2c3d4e5f-abcdefgh.bedrock-runtime.us-east-1.vpce.amazonaws.com/bedrock/',
    );
    const signed = await sign(unsignedRequest('{}'), context(definition));
    expect(signed.url).toBe(
      'https://vpce-0a1b2c3d4e5f-abcdefgh.bedrock-runtime.us-east-1.vpce.amazonaws.com/bedrock/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke',
    );
    const stages = await new InspectableSignatureV4(
      { accessKeyId: ACCESS_KEYS.access_key_id, secretAccessKey: ACCESS_KEYS.secret_access_key },
      'us-east-1',
    ).stages(
      signingRequestOf({
        method: 'POST',
        url: new URL(signed.url),
        headers: signed.headers,
        body: signed.body,
      }),
      VECTOR_DATE,
    );
    expect(stages.canonicalRequest).toContain(
      '\n/bedrock/model/anthropic.claude-3-5-sonnet-20240620-v1%253A0/invoke\n',
    );
    expect(stages.canonicalRequest).toContain(
      '\nhost:vpce-0a1b2c3d4e5f-abcdefgh.bedrock-runtime.us-east-1.vpce.amazonaws.com\n',
    );
    expect(stages.authorization).toBe(signed.headers.authorization);
  });
});

function readArnModelId(): string {
  const path = readBedrockVector('invoke-arn-encoded').request.path_on_wire;
  return decodeURIComponent(path.split('/')[2] as string);
}
