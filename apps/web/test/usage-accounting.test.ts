import { usageTotals } from '@gateway/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockDefinition, openAiDefinition } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

let gateway: TestGateway;
const PRICING = { prompt: '0.000003', completion: '0.000015', input_cache_read: '0.0000003' };

beforeAll(async () => {
  gateway = await startTestGateway();
  const url = gateway.emulator.url;
  await gateway.putDefinition('gpt', openAiDefinition(url, { pricing: PRICING }));
  await gateway.putDefinition('claude', bedrockDefinition(url, 'static', { pricing: PRICING }));
  await gateway.putDefinition(
    'nova',
    bedrockDefinition(url, 'static', {
      internal_id: 'us.amazon.nova-pro-v1:0',
      openclaw_settings: { api_adapter: 'bedrock-converse' },
    }),
  );
});
afterAll(() => gateway?.close());
beforeEach(() => gateway.emulator.reset());

type Usage = { input: number; output: number; cacheRead: number };

async function recordedUsage(model: string): Promise<Usage & { requests: number; cost: number | null }> {
  await gateway.runtime.usage.flush();
  const rows = await usageTotals(gateway.runtime.database, {
    from: new Date(Date.now() - 60_000),
    to: new Date(Date.now() + 60_000),
    groupBy: 'model',
  });
  const row = rows.find((candidate) => candidate.group === model);
  return {
    requests: row?.requests ?? 0,
    input: row?.input_tokens ?? 0,
    output: row?.output_tokens ?? 0,
    cacheRead: row?.cache_read_tokens ?? 0,
    cost: row?.cost_usd ?? null,
  };
}

async function post(path: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${gateway.url}/api/gateway/v1/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gateway.callerKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Sums what the caller was told, from a JSON body or an SSE stream in either format. */
async function reportedUsage(response: Response): Promise<Usage> {
  const text = await response.text();
  const usage: Usage = { input: 0, output: 0, cacheRead: 0 };
  const payloads = text.trimStart().startsWith('{')
    ? [text]
    : text
        .split('\n')
        .filter((line) => line.startsWith('data: ') && !line.includes('[DONE]'))
        .map((line) => line.slice(6));
  for (const payload of payloads) {
    const json = JSON.parse(payload) as Record<string, never>;
    const openAi = json.usage as
      | {
          prompt_tokens?: number;
          completion_tokens?: number;
          prompt_tokens_details?: { cached_tokens?: number };
        }
      | undefined;
    const anthropic = ((json.message as { usage?: unknown } | undefined)?.usage ?? json.usage) as
      | { input_tokens?: number; output_tokens?: number; cache_read_input_tokens?: number }
      | undefined;
    if (openAi?.prompt_tokens !== undefined) {
      const cached = openAi.prompt_tokens_details?.cached_tokens ?? 0;
      usage.input = openAi.prompt_tokens - cached;
      usage.cacheRead = cached;
      usage.output = openAi.completion_tokens ?? 0;
    } else if (anthropic) {
      usage.input = Math.max(usage.input, anthropic.input_tokens ?? 0);
      usage.output = Math.max(usage.output, anthropic.output_tokens ?? 0);
      usage.cacheRead = Math.max(usage.cacheRead, anthropic.cache_read_input_tokens ?? 0);
    }
  }
  return usage;
}

describe('a usage record per request, equal to what the upstream reported', () => {
  const message = { messages: [{ role: 'user', content: 'count my tokens please' }] };

  it.each([
    ['OpenAI-compatible, non-stream', 'gpt', 'chat/completions', {}],
    [
      'OpenAI-compatible, stream with include_usage',
      'gpt',
      'chat/completions',
      { stream: true, stream_options: { include_usage: true } },
    ],
    ['Bedrock invoke -> OpenAI, non-stream', 'claude', 'chat/completions', {}],
    [
      'Bedrock invoke -> OpenAI, stream',
      'claude',
      'chat/completions',
      { stream: true, stream_options: { include_usage: true } },
    ],
    ['Bedrock invoke -> Anthropic, stream', 'claude', 'messages', { stream: true, max_tokens: 50 }],
    [
      'Bedrock converse -> OpenAI, stream',
      'nova',
      'chat/completions',
      { stream: true, stream_options: { include_usage: true } },
    ],
    ['Bedrock converse -> Anthropic, non-stream', 'nova', 'messages', { max_tokens: 50 }],
  ])('%s', async (_label, model, path, extra) => {
    const before = await recordedUsage(model);
    const response = await post(path, { model, ...message, ...extra });
    expect(response.status).toBe(200);
    const reported = await reportedUsage(response);
    expect(reported.output).toBeGreaterThan(0);
    const after = await recordedUsage(model);
    expect(after.requests - before.requests).toBe(1);
    expect(after.input - before.input).toBe(reported.input);
    expect(after.output - before.output).toBe(reported.output);
  });

  it('counts usage on an OpenAI-compatible stream even when the caller did not ask for it, without showing it', async () => {
    const before = await recordedUsage('gpt');
    const response = await post('chat/completions', { model: 'gpt', ...message, stream: true });
    const text = await response.text();
    expect(text).not.toContain('"usage"');
    expect(text).toContain('[DONE]');
    const after = await recordedUsage('gpt');
    expect(after.output - before.output).toBeGreaterThan(0);
  });

  it('takes Bedrock invocation metrics and cache tokens from a real captured stream', async () => {
    gateway.emulator.setScenario('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'capture');
    const before = await recordedUsage('claude');
    const response = await post('messages', { model: 'claude', ...message, max_tokens: 50, stream: true });
    expect(response.status).toBe(200);
    const reported = await reportedUsage(response);
    const after = await recordedUsage('claude');
    expect(after.output - before.output).toBe(reported.output);
    expect(after.output - before.output).toBeGreaterThan(0);
    gateway.emulator.clearScenarios();
  });

  it('prices tokens from the definition', async () => {
    const before = await recordedUsage('gpt');
    await (await post('chat/completions', { model: 'gpt', ...message })).text();
    const after = await recordedUsage('gpt');
    const expected = (after.input - before.input) * 0.000003 + (after.output - before.output) * 0.000015;
    expect((after.cost ?? 0) - (before.cost ?? 0)).toBeCloseTo(expected, 9);
  });

  it('records failures too, with their error code', async () => {
    const response = await post('chat/completions', { model: 'gpt', messages: 'not an array' });
    expect(response.status).toBe(400);
    await gateway.runtime.usage.flush();
    const rows = await usageTotals(gateway.runtime.database, {
      from: new Date(Date.now() - 60_000),
      to: new Date(Date.now() + 60_000),
      groupBy: 'key',
    });
    expect(rows.reduce((sum, row) => sum + row.requests, 0)).toBeGreaterThan(0);
  });
});

describe('the admin usage endpoint', () => {
  it('groups by model, key and day', async () => {
    await (
      await post('chat/completions', { model: 'gpt', messages: [{ role: 'user', content: 'x' }] })
    ).text();
    for (const groupBy of ['model', 'key', 'day']) {
      const response = await gateway.admin('GET', `/api/admin/usage?group_by=${groupBy}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: { group: string; requests: number }[] };
      expect(body.data.length).toBeGreaterThan(0);
    }
    expect((await gateway.admin('GET', '/api/admin/usage?group_by=planet')).status).toBe(400);
  });
});
