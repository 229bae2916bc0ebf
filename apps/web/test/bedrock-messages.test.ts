import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockDefinition } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

let gateway: TestGateway;
let client: Anthropic;
const PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const ARN =
  'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0';

beforeAll(async () => {
  gateway = await startTestGateway();
  const url = gateway.emulator.url;
  await gateway.putDefinition('claude', bedrockDefinition(url, 'static', { aliases: ['claude-sonnet-4-5'] }));
  await gateway.putDefinition('claude-session', bedrockDefinition(url, 'session'));
  await gateway.putDefinition('claude-api-key', bedrockDefinition(url, 'api_key'));
  await gateway.putDefinition('claude-arn', bedrockDefinition(url, 'static', { internal_id: ARN }));
  await gateway.putDefinition(
    'claude-haiku-3',
    bedrockDefinition(url, 'static', { internal_id: 'anthropic.claude-3-haiku-20240307-v1:0' }),
  );
  await gateway.putDefinition(
    'claude-strip-stream',
    bedrockDefinition(url, 'static', { remove_from_body: ['stream'], extra_body: { top_k: 5 } }),
  );
  client = new Anthropic({ apiKey: gateway.callerKey, baseURL: `${gateway.url}/api/gateway`, maxRetries: 0 });
});
afterAll(() => gateway?.close());
beforeEach(() => {
  gateway.emulator.reset();
});

const ask = (model: string) => ({
  model,
  max_tokens: 64,
  messages: [{ role: 'user' as const, content: 'Hello Bedrock' }],
});

describe('Bedrock through /v1/messages with the official @anthropic-ai/sdk, signatures verified', () => {
  it.each([
    ['static keys', 'claude'],
    ['session token', 'claude-session'],
    ['Bedrock API key', 'claude-api-key'],
    ['an ARN', 'claude-arn'],
    ['an on-demand model id', 'claude-haiku-3'],
  ])('non-stream with %s', async (_label, model) => {
    const message = await client.messages.create(ask(model));
    expect(message.content[0]).toMatchObject({ type: 'text' });
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const seen = gateway.emulator.lastRequest();
    expect(seen?.path).toMatch(/\/invoke$/);
    if (model === 'claude-api-key') {
      expect(seen?.auth).toBe('bedrock-api-key');
      expect(seen?.headers['x-amz-date']).toBeUndefined();
    } else {
      expect(seen?.signatureVerified).toBe(true);
    }
    if (model === 'claude-session') expect(seen?.headers['x-amz-security-token']).toBeDefined();
  });

  it('streams Anthropic SSE decoded from the binary event stream', async () => {
    const stream = client.messages.stream(ask('claude'));
    const events: string[] = [];
    for await (const event of stream) events.push(event.type);
    const final = await stream.finalMessage();
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(final.content[0]).toMatchObject({ type: 'text' });
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    const seen = gateway.emulator.lastRequest();
    expect(seen?.path).toMatch(/\/invoke-with-response-stream$/);
    expect(seen?.headers.accept).toBe('application/vnd.amazon.eventstream');
    expect(seen?.signatureVerified).toBe(true);
  });

  it('encodes model ids with ":" and ARNs with "/" exactly once on the wire', async () => {
    await client.messages.create(ask('claude'));
    expect(gateway.emulator.lastRequest()?.path).toBe(`/model/${encodeURIComponent(PROFILE)}/invoke`);
    await client.messages.create(ask('claude-arn'));
    const arnPath = gateway.emulator.lastRequest()?.path ?? '';
    expect(arnPath).toBe(`/model/${encodeURIComponent(ARN)}/invoke`);
    expect(arnPath).toContain('%2F');
    expect(arnPath).not.toContain('%25');
  });

  it('keeps Bedrock body rules: anthropic_version, no model, no stream; anthropic-beta becomes a body array', async () => {
    await client.messages.create(ask('claude'), {
      headers: { 'anthropic-beta': 'context-1m-2025-08-07,foo-beta' },
    });
    const body = JSON.parse(gateway.emulator.lastRequest()?.body ?? '{}');
    expect(body.anthropic_version).toBe('bedrock-2023-05-31');
    expect(body).not.toHaveProperty('model');
    expect(body).not.toHaveProperty('stream');
    // Betas Bedrock does not accept are left out (it refuses the whole request for one).
    expect(body.anthropic_beta).toEqual(['context-1m-2025-08-07']);
  });

  it('chooses the streaming endpoint from the client flag even when remove_from_body strips stream', async () => {
    const stream = client.messages.stream(ask('claude-strip-stream'));
    await stream.finalMessage();
    const seen = gateway.emulator.lastRequest();
    expect(seen?.path).toMatch(/\/invoke-with-response-stream$/);
    expect(JSON.parse(seen?.body ?? '{}').top_k).toBe(5);
  });

  it('resolves an Anthropic model name through aliases', async () => {
    const message = await client.messages.create(ask('claude-sonnet-4-5'));
    expect(message.role).toBe('assistant');
  });

  it('never forwards the caller Authorization and signs no proxy headers', async () => {
    const response = await fetch(`${gateway.url}/api/gateway/v1/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${gateway.callerKey}`,
        'content-type': 'application/json',
        'x-forwarded-for': '203.0.113.9',
        connection: 'keep-alive',
      },
      body: JSON.stringify(ask('claude')),
    });
    expect(response.status).toBe(200);
    const seen = gateway.emulator.lastRequest();
    expect(seen?.signatureVerified).toBe(true);
    expect(seen?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    const signedHeaders =
      /SignedHeaders=([^,]+)/.exec(seen?.headers.authorization ?? '')?.[1]?.split(';') ?? [];
    for (const name of signedHeaders) expect(name).toMatch(/^(host|content-type|accept|x-amz-.*)$/);
    expect(seen?.headers['x-forwarded-for']).toBeUndefined();
  });
});

describe('Bedrock faults reach the caller as proper errors', () => {
  it('throttling -> 429 with retry-after after the gateway retries with fresh signatures', async () => {
    gateway.emulator.setScenario(PROFILE, 'throttle', { times: 10 });
    const error = await client.messages.create(ask('claude')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.RateLimitError>).headers?.get('retry-after')).toBeTruthy();
    const attempts = gateway.emulator.requests.filter((request) => request.path.endsWith('/invoke'));
    expect(attempts.length).toBe(3);
    expect(attempts.every((request) => request.signatureVerified)).toBe(true);
  });

  it('a throttle that clears is retried transparently, re-signed each time', async () => {
    gateway.emulator.setScenario(PROFILE, 'throttle', { times: 1 });
    const message = await client.messages.create(ask('claude'));
    expect(message.type).toBe('message');
    const attempts = gateway.emulator.requests.filter((request) => request.path.endsWith('/invoke'));
    expect(attempts).toHaveLength(2);
    expect(attempts.every((request) => request.signatureVerified)).toBe(true);
  });

  it('an exception frame mid-stream becomes an Anthropic error event, never a normal stop', async () => {
    gateway.emulator.setScenario(PROFILE, 'midstream-exception', { afterFrames: 3 });
    const stream = client.messages.stream(ask('claude'));
    await expect(stream.finalMessage()).rejects.toThrow();
  });

  it('a corrupt CRC mid-stream becomes an error event', async () => {
    gateway.emulator.setScenario(PROFILE, 'bad-crc', { afterFrames: 3 });
    const response = await fetch(`${gateway.url}/api/gateway/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': gateway.callerKey, 'content-type': 'application/json' },
      body: JSON.stringify({ ...ask('claude'), stream: true }),
    });
    const text = await response.text();
    expect(text).toContain('event: error');
    expect(text).not.toContain('event: message_stop');
  });

  it('an immediate exception becomes an HTTP error before any 200 is sent', async () => {
    gateway.emulator.setScenario(PROFILE, 'midstream-exception', { afterFrames: 0 });
    const response = await fetch(`${gateway.url}/api/gateway/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': gateway.callerKey, 'content-type': 'application/json' },
      body: JSON.stringify({ ...ask('claude'), stream: true }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(((await response.json()) as { type: string }).type).toBe('error');
  });

  it('a bare model id that needs an inference profile -> 400 naming the profile to use', async () => {
    await gateway.putDefinition(
      'claude-bare',
      bedrockDefinition(gateway.emulator.url, 'static', {
        internal_id: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      }),
    );
    const error = await client.messages.create(ask('claude-bare')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((error as Error).message)).toContain('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
  });

  it('wrong credentials -> 502 saying Bedrock rejected the gateway credentials', async () => {
    await gateway.putDefinition(
      'claude-bad-secret',
      bedrockDefinition(gateway.emulator.url, 'static', {
        aws_bedrock: {
          region: 'us-east-1',
          access_key_id: 'AKIAEMULATOREXAMPLE',
          secret_access_key: 'wrong-secret-0000000000',
        },
      }),
    );
    const response = await fetch(`${gateway.url}/api/gateway/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': gateway.callerKey, 'content-type': 'application/json' },
      body: JSON.stringify(ask('claude-bad-secret')),
    });
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).toContain('credentials');
    expect(text).not.toContain('wrong-secret');
  });
});
