import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAiDefinition } from './support/definitions';
import { capturedLogLines, captureLogs } from './support/log-capture';
import { startTestGateway, type TestGateway } from './support/test-gateway';

/**
 * Issue 17 finding 11: a caller steers only the model. Betas and top-level fields that make the
 * upstream act outside the gateway's control (the MCP connector, containers, service tiers,
 * stored completions) do not reach it unless the definition's `caller_passthrough` allows them;
 * everything else still passes (the forward compatibility of issue 12).
 */
let gateway: TestGateway;
const UPSTREAM_KEY = 'sk-ant-upstream-passthrough-0123456789';

const anthropicApi = (extra: Record<string, unknown> = {}) => ({
  internal_id: 'claude-sonnet-4-5',
  base_url: gateway.emulator.url,
  api_key: UPSTREAM_KEY,
  openclaw_settings: { api_adapter: 'anthropic-messages' },
  ...extra,
});

beforeAll(async () => {
  gateway = await startTestGateway({
    emulator: { anthropicApiKey: UPSTREAM_KEY },
    overrides: { logger: pino({ level: 'debug' }, captureLogs()) },
    extraSecrets: [UPSTREAM_KEY],
  });
  await gateway.putDefinition('claude-api', anthropicApi());
  await gateway.putDefinition(
    'claude-api-mcp',
    anthropicApi({
      caller_passthrough: {
        betas: { deny: ['files-api-*'] },
        fields: { deny: ['service_tier', 'container'] },
      },
    }),
  );
  await gateway.putDefinition('gpt', openAiDefinition(gateway.emulator.url));
}, 60_000);
afterAll(() => gateway?.close());
beforeEach(() => gateway.emulator.reset());

const MCP_BETA = 'mcp-client-2025-11-20';
const THINKING_BETA = 'interleaved-thinking-2025-05-14';

function messages(model: string) {
  return fetch(`${gateway.url}/api/gateway/v1/messages`, {
    method: 'POST',
    headers: {
      'x-api-key': gateway.callerKey,
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': `${THINKING_BETA},${MCP_BETA},files-api-2025-04-14`,
    },
    body: JSON.stringify({
      model,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Hello' }],
      mcp_servers: [{ type: 'url', url: 'https://mcp.example.com/sse', name: 'elsewhere' }],
      container: 'container_011CPR5CNjB747bTd36fQLFk',
      service_tier: 'auto',
      // A field the gateway has never heard of still passes (issue 12).
      a_future_field: { enabled: true },
    }),
  });
}

function seenByUpstream() {
  const seen = gateway.emulator.lastRequest();
  expect(seen?.face).toBe('anthropic');
  return { headers: seen?.headers ?? {}, body: JSON.parse(seen?.body ?? '{}') as Record<string, unknown> };
}

describe('caller_passthrough on a same-format Anthropic request', () => {
  it('by default, the MCP connector, containers, service tiers and their betas never reach the upstream', async () => {
    const response = await messages('claude-api');
    expect(response.status).toBe(200);
    const { headers, body } = seenByUpstream();
    expect(headers['anthropic-beta']).toBe(THINKING_BETA);
    expect(body.mcp_servers).toBeUndefined();
    expect(body.container).toBeUndefined();
    expect(body.service_tier).toBeUndefined();
    expect(body.a_future_field).toEqual({ enabled: true });
    expect(body.model).toBe('claude-sonnet-4-5');

    const logged = capturedLogLines().find((line) => line.includes('caller_passthrough denies'));
    expect(logged).toBeDefined();
    expect(JSON.parse(logged as string)).toMatchObject({
      level: 20,
      model: 'claude-api',
      betas: [MCP_BETA, 'files-api-2025-04-14'],
      fields: ['mcp_servers', 'container', 'service_tier'],
    });
  });

  it('a definition that allows them lets them through (and still denies what it lists)', async () => {
    const response = await messages('claude-api-mcp');
    expect(response.status).toBe(200);
    const { headers, body } = seenByUpstream();
    expect(headers['anthropic-beta']).toBe(`${THINKING_BETA},${MCP_BETA}`);
    expect(body.mcp_servers).toEqual([
      { type: 'url', url: 'https://mcp.example.com/sse', name: 'elsewhere' },
    ]);
    expect(body.container).toBeUndefined();
    expect(body.service_tier).toBeUndefined();
  });
});

describe('caller_passthrough on a same-format OpenAI request', () => {
  it('store and service_tier stay with the caller; other fields pass', async () => {
    const response = await fetch(`${gateway.url}/api/gateway/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.callerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt',
        messages: [{ role: 'user', content: 'Hello' }],
        store: true,
        service_tier: 'priority',
        seed: 7,
      }),
    });
    expect(response.status).toBe(200);
    const sent = JSON.parse(gateway.emulator.lastRequest()?.body ?? '{}') as Record<string, unknown>;
    expect(sent.store).toBeUndefined();
    expect(sent.service_tier).toBeUndefined();
    expect(sent.seed).toBe(7);
  });
});
