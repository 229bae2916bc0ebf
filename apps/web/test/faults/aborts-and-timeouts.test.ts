import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockDefinition, openAiDefinition } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { chat, errorOf } from './support/gateway-calls';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

// Small timeouts keep the suite fast; the first-byte one is long enough that an abort test
// (which aborts as soon as the emulator has the request) never races it.
const FIRST_BYTE_TIMEOUT_MS = 1_500;
const IDLE_TIMEOUT_MS = 700;

let gateway: TestGateway;
const proxies: TcpProxy[] = [];
let nextId = 0;

beforeAll(async () => {
  gateway = await startTestGateway({
    env: {
      GATEWAY_FIRST_BYTE_TIMEOUT_MS: String(FIRST_BYTE_TIMEOUT_MS),
      GATEWAY_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
      GATEWAY_MAX_RETRIES: '0',
    },
  });
});
afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await gateway?.close();
});
beforeEach(() => gateway.emulator.reset());

/**
 * A definition whose upstream is the emulator behind a fresh TCP proxy: a new origin, so the
 * gateway's pooled client opens exactly one connection for it, and the proxy sees it close.
 */
async function modelBehindProxy(kind: 'bedrock' | 'openai'): Promise<{ model: string; proxy: TcpProxy }> {
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: gateway.emulator.port });
  proxies.push(proxy);
  const model = `${kind}-behind-proxy-${nextId++}`;
  const base = `http://127.0.0.1:${proxy.port}`;
  await gateway.putDefinition(model, kind === 'bedrock' ? bedrockDefinition(base) : openAiDefinition(base));
  return { model, proxy };
}

async function untilEmulatorHas(count: number): Promise<void> {
  for (let attempt = 0; attempt < 200 && gateway.emulator.requests.length < count; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(gateway.emulator.requests.length).toBeGreaterThanOrEqual(count);
}

describe('a client that goes away aborts the upstream call within 1 s', () => {
  it.each(['bedrock', 'openai'] as const)('%s, non-streaming, upstream hanging', async (kind) => {
    const { model, proxy } = await modelBehindProxy(kind);
    gateway.emulator.setScenario('*', 'hang');
    const caller = new AbortController();
    const pending = chat(gateway, model, { signal: caller.signal }).catch((error: unknown) => error);
    await untilEmulatorHas(1);
    expect(proxy.openConnections()).toBe(1);
    caller.abort();
    expect(await pending).toBeInstanceOf(Error);
    // The upstream socket itself closes (not just the caller's): the emulator sees the client leave.
    await proxy.waitUntilAllClosed(1_000);
  });

  it.each(['bedrock', 'openai'] as const)('%s, streaming, mid-stream during a slow drip', async (kind) => {
    const { model, proxy } = await modelBehindProxy(kind);
    gateway.emulator.setScenario('*', 'slow-drip', { delayMs: 200 });
    const caller = new AbortController();
    const response = await chat(gateway, model, { stream: true, signal: caller.signal });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    caller.abort();
    await reader.cancel().catch(() => undefined);
    await proxy.waitUntilAllClosed(1_000);
  });
});

describe('first-byte and idle timeouts are separate, and there is no total-duration cap', () => {
  it('an upstream that never answers -> 504 after the first-byte timeout', async () => {
    const { model, proxy } = await modelBehindProxy('bedrock');
    gateway.emulator.setScenario('*', 'hang');
    const response = await chat(gateway, model);
    expect(response.status).toBe(504);
    const error = await errorOf(response);
    expect(error.code).toBe('upstream_timeout');
    expect(error.message).toContain('did not answer in time');
    await proxy.waitUntilAllClosed(1_000);
  });

  it('a stream that goes silent longer than the idle timeout ends with an error event, not [DONE]', async () => {
    const { model } = await modelBehindProxy('bedrock');
    gateway.emulator.setScenario('*', 'slow-drip', { delayMs: IDLE_TIMEOUT_MS * 2 });
    const response = await chat(gateway, model, { stream: true });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('stopped sending data');
    expect(text).not.toContain('[DONE]');
  });

  it('a healthy slow stream runs longer than the idle timeout in total and completes', async () => {
    const { model } = await modelBehindProxy('bedrock');
    const delayMs = 150;
    gateway.emulator.setScenario('*', 'slow-drip', { delayMs });
    const response = await chat(gateway, model, {
      stream: true,
      content: 'a somewhat longer prompt to echo',
    });
    const text = await response.text();
    expect(text).toContain('[DONE]');
    expect(text).not.toContain('"error"');
    const events = text.split('\n\n').filter((event) => event.startsWith('data: '));
    // Frames x gap exceeds the idle timeout (and the first-byte one): only gaps are bounded.
    expect((events.length - 1) * delayMs).toBeGreaterThan(FIRST_BYTE_TIMEOUT_MS);
  });
});
