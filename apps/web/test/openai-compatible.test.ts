import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAiDefinition } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  gateway = await startTestGateway({ emulator: { openAiApiKey: 'sk-upstream-key-0123456789' } });
  await gateway.putDefinition(
    'emulator-gpt',
    openAiDefinition(gateway.emulator.url, { api_key: 'sk-upstream-key-0123456789' }),
  );
  client = new OpenAI({ apiKey: gateway.callerKey, baseURL: `${gateway.url}/api/gateway/v1`, maxRetries: 0 });
});
afterAll(() => gateway?.close());

describe('OpenAI-compatible passthrough with the official openai SDK', () => {
  it('returns a completion and sends the definition key as Bearer, never the caller key', async () => {
    gateway.emulator.reset();
    const completion = await client.chat.completions.create({
      model: 'emulator-gpt',
      messages: [{ role: 'user', content: 'ping' }],
    });
    expect(completion.choices[0]?.message.content).toContain('ping');
    const seen = gateway.emulator.lastRequest();
    expect(seen?.headers.authorization).toBe('Bearer sk-upstream-key-0123456789');
    expect(JSON.parse(seen?.body ?? '{}').model).toBe('emulator-gpt');
  });

  it('streams chunks as they arrive and ends with the usage the upstream reported', async () => {
    const stream = await client.chat.completions.create({
      model: 'emulator-gpt',
      messages: [{ role: 'user', content: 'tell me a story' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toContain('tell me a story');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('sends no Authorization header upstream when the definition has no api_key', async () => {
    await gateway.putDefinition('keyless', openAiDefinition(gateway.emulator.url, { api_key: '' }));
    const keyless = await startTestGatewayUpstreamCheck('keyless');
    expect(keyless).toBeUndefined();
  });

  it('never forwards the caller key, cookies or proxy headers upstream', async () => {
    gateway.emulator.reset();
    const response = await fetch(`${gateway.url}/api/gateway/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${gateway.callerKey}`,
        'content-type': 'application/json',
        cookie: 'session=abc',
        'x-forwarded-for': '10.0.0.1',
        'x-forwarded-host': 'evil.example',
      },
      body: JSON.stringify({ model: 'emulator-gpt', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/[0-9a-f-]{36}/);
    const headers = gateway.emulator.lastRequest()?.headers ?? {};
    expect(JSON.stringify(headers)).not.toContain(gateway.callerKey);
    expect(headers.cookie).toBeUndefined();
    expect(headers['x-forwarded-for']).toBeUndefined();
    expect(headers['x-forwarded-host']).toBeUndefined();
  });
});

async function startTestGatewayUpstreamCheck(model: string): Promise<string | undefined> {
  gateway.emulator.reset();
  const response = await fetch(`${gateway.url}/api/gateway/v1/chat/completions`, {
    method: 'POST',
    headers: { 'x-api-key': gateway.callerKey, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
  // The emulator requires a key, so it answered 401, which the gateway reports as a 502: the
  // caller's key was fine, the upstream credentials were not.
  expect(response.status).toBe(502);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe('upstream_auth_failed');
  return gateway.emulator.lastRequest()?.headers.authorization;
}

describe('bad input gets a clear answer', () => {
  const post = (
    body: string,
    headers: Record<string, string> = { authorization: `Bearer ${gateway.callerKey}` },
  ) =>
    fetch(`${gateway.url}/api/gateway/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('invalid JSON -> 400 in the OpenAI shape', async () => {
    const response = await post('{not json');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    expect(body.error.message).toEqual(expect.any(String));
  });

  it('unknown model -> 404 model_not_found', async () => {
    const response = await post(
      JSON.stringify({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('model_not_found');
  });

  it('missing or wrong caller key -> 401', async () => {
    const body = JSON.stringify({ model: 'emulator-gpt', messages: [{ role: 'user', content: 'x' }] });
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { authorization: 'Bearer sk-gw-wrong' })).status).toBe(401);
  });

  it('upstream unreachable -> 502 naming the definition, no stack trace', async () => {
    await gateway.putDefinition('unreachable', openAiDefinition('http://127.0.0.1:9', { internal_id: 'x' }));
    const response = await post(
      JSON.stringify({ model: 'unreachable', messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(text).toContain('unreachable');
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('lists the models in the OpenAI format', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('emulator-gpt');
  });
});
