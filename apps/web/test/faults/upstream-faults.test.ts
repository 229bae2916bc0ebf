import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockDefinition, openAiDefinition } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { chat, errorOf } from './support/gateway-calls';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({ env: { GATEWAY_MAX_RETRIES: '2', GATEWAY_RETRY_BASE_DELAY_MS: '20' } });
  await gateway.putDefinition('claude', bedrockDefinition(gateway.emulator.url, 'session'));
  await gateway.putDefinition('converse', {
    ...bedrockDefinition(gateway.emulator.url),
    openclaw_settings: { api_adapter: 'bedrock-converse' },
  });
  await gateway.putDefinition('gpt', openAiDefinition(gateway.emulator.url));
});
afterAll(() => gateway?.close());
beforeEach(() => gateway.emulator.reset());

const bedrockRequests = () => gateway.emulator.requests.filter((request) => request.face === 'bedrock');

describe('mid-stream faults end the stream with an error, are not retried, and leave the gateway healthy', () => {
  const cases = [
    ['claude', 'reset'],
    ['claude', 'bad-crc'],
    ['claude', 'midstream-exception'],
    ['converse', 'reset'],
    ['converse', 'bad-crc'],
    ['converse', 'midstream-exception'],
    ['gpt', 'reset'],
    ['gpt', 'midstream-exception'],
  ] as const;

  // A TCP reset can discard frames still in the kernel's buffer, so with `reset` the gateway may
  // see the failure before any event: then the caller gets a plain 502 instead of a cut stream.
  // Either way: an error, never a normal end, and never a retry once the upstream had answered.
  it.each(cases)('%s / %s on /v1/chat/completions', async (model, scenario) => {
    gateway.emulator.setScenario('*', scenario, { afterFrames: 5, times: 1 });
    const response = await chat(gateway, model, { stream: true });
    const text = await response.text();
    expect(text).toMatch(/^(data: )?\{"error":/m);
    expect(text).not.toContain('data: [DONE]');
    // Bytes had reached the caller: a retry would duplicate them.
    expect(gateway.emulator.requests).toHaveLength(1);
    expect((await chat(gateway, model)).status).toBe(200);
  });

  it.each(cases)('%s / %s on /v1/messages', async (model, scenario) => {
    gateway.emulator.setScenario('*', scenario, { afterFrames: 5, times: 1 });
    const response = await chat(gateway, model, { stream: true, endpoint: 'messages' });
    const text = await response.text();
    expect(text).toMatch(/^(event: error|\{"type":"error")/m);
    expect(text).not.toContain('event: message_stop');
    expect(gateway.emulator.requests).toHaveLength(1);
  });

  it('a reset before the first event reached the caller becomes a plain 502, not a half stream', async () => {
    gateway.emulator.setScenario('*', 'reset', { afterFrames: 1, times: 1 });
    const response = await chat(gateway, 'claude', { stream: true, endpoint: 'messages' });
    expect(response.status).toBe(502);
    expect(gateway.emulator.requests).toHaveLength(1);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { message: expect.stringContaining('broke') },
    });
  });
});

describe('retries: before the first byte only, for 429/503/connection errors, re-signed each time', () => {
  it('Bedrock throttling twice, then success: three attempts, each freshly signed and verified', async () => {
    gateway.emulator.setScenario('*', 'throttle', { times: 2 });
    const response = await chat(gateway, 'claude');
    expect(response.status).toBe(200);
    const attempts = bedrockRequests();
    expect(attempts).toHaveLength(3);
    expect(attempts.every((attempt) => attempt.signatureVerified)).toBe(true);
    // Bedrock's retry-after default (1 s) is honoured, so every attempt has its own x-amz-date.
    expect(new Set(attempts.map((attempt) => attempt.headers['x-amz-date'])).size).toBe(3);
    expect(new Set(attempts.map((attempt) => attempt.headers.authorization)).size).toBe(3);
  });

  it('503 then success on an OpenAI-compatible upstream', async () => {
    gateway.emulator.setScenario('*', 'service-unavailable', { times: 1 });
    expect((await chat(gateway, 'gpt')).status).toBe(200);
    expect(gateway.emulator.requests).toHaveLength(2);
  });

  it('a connection reset before any byte is retried', async () => {
    gateway.emulator.setScenario('*', 'reset', { times: 1 });
    expect((await chat(gateway, 'claude')).status).toBe(200);
    expect(bedrockRequests()).toHaveLength(2);
  });

  it('retries give up after GATEWAY_MAX_RETRIES and pass the 429 on with retry-after', async () => {
    gateway.emulator.setScenario('*', 'throttle', { times: 3 });
    const response = await chat(gateway, 'gpt');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeTruthy();
    expect((await errorOf(response)).code).toBe('upstream_rate_limited');
    expect(gateway.emulator.requests).toHaveLength(3);
  });
});

describe('a 429 storm', () => {
  it('many concurrent requests all throttled, then recovering: no crash, only 200 or 429', async () => {
    const concurrent = 24;
    // Every first and second attempt is throttled, and a few third ones: those end as 429.
    const throttled = concurrent * 2 + 6;
    gateway.emulator.setScenario('*', 'throttle', { times: throttled });
    const responses = await Promise.all(
      Array.from({ length: concurrent }, (_, index) => chat(gateway, index % 2 ? 'gpt' : 'claude')),
    );
    const statuses = responses.map((response) => response.status);
    for (const response of responses) await response.text();
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    expect(gateway.emulator.requests.length).toBeLessThanOrEqual(concurrent * 3);
    // Recovered: the next requests are served normally.
    expect((await chat(gateway, 'claude')).status).toBe(200);
    expect((await chat(gateway, 'gpt', { stream: true })).status).toBe(200);
  });
});
