import { responseSchemaErrors, streamEventSchemaErrors } from '@gateway/ai-gateway/testing';
import { usageTotals } from '@gateway/db';
import OpenAI from 'openai';
import type { Tool } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAiDefinition } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

/**
 * `api_adapter: "openai-responses"`: the gateway passes `/v1/responses` through to the upstream's
 * own `/responses` (here the emulator's OpenAI face) with its auth, body rules and accounting.
 */
const UPSTREAM_KEY = 'sk-upstream-responses-test';
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  gateway = await startTestGateway({
    emulator: { openAiApiKey: UPSTREAM_KEY },
    extraSecrets: [UPSTREAM_KEY],
  });
  await gateway.putDefinition(
    'gpt-responses',
    openAiDefinition(gateway.emulator.url, {
      api_key: UPSTREAM_KEY,
      openclaw_settings: { api_adapter: 'openai-responses' },
      extra_body: { metadata: { via: 'gateway' } },
      remove_from_body: ['safety_identifier'],
    }),
  );
  client = new OpenAI({ apiKey: gateway.callerKey, baseURL: `${gateway.url}/api/gateway/v1`, maxRetries: 0 });
});
afterAll(() => gateway?.close());
beforeEach(() => gateway.emulator.reset());

async function recorded(): Promise<{ requests: number; input: number; output: number }> {
  await gateway.runtime.usage.flush();
  const rows = await usageTotals(gateway.runtime.database, {
    from: new Date(Date.now() - 60_000),
    to: new Date(Date.now() + 60_000),
    groupBy: 'model',
  });
  const row = rows.find((candidate) => candidate.group === 'gpt-responses');
  return { requests: row?.requests ?? 0, input: row?.input_tokens ?? 0, output: row?.output_tokens ?? 0 };
}

/** What the upstream received on its last request. */
function upstreamSaw() {
  const seen = gateway.emulator.lastRequest();
  return {
    path: seen?.path,
    authorization: seen?.headers.authorization,
    body: JSON.parse(seen?.body ?? '{}') as Record<string, unknown>,
  };
}

const WEATHER: Tool = {
  type: 'function',
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

describe('Responses pass-through to an upstream that speaks the Responses API', () => {
  it('responses.create: the body goes through with the upstream key, the answer comes back as sent', async () => {
    const before = await recorded();
    const response = await client.responses.create({
      model: 'gpt-responses',
      input: 'Hello through',
      instructions: 'Be brief',
      store: false,
      safety_identifier: 'user-1',
    });
    expect(responseSchemaErrors(response)).toEqual([]);
    expect(response.output_text).toContain('Hello through');
    // The upstream's own id and model name: nothing was rebuilt on the way.
    expect(response.model).toBe('emulator-gpt');
    expect(response.id).toMatch(/^resp_[0-9a-f]{24}$/);
    const seen = upstreamSaw();
    expect(seen.path).toBe('/v1/responses');
    expect(seen.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(seen.body).toMatchObject({
      model: 'emulator-gpt',
      input: 'Hello through',
      instructions: 'Be brief',
      store: false,
      metadata: { via: 'gateway' },
    });
    expect(seen.body).not.toHaveProperty('safety_identifier');
    expect(seen.body).not.toHaveProperty('stream');
    const after = await recorded();
    expect(after.requests - before.requests).toBe(1);
    expect(after.input - before.input).toBe(response.usage?.input_tokens);
    expect(after.output - before.output).toBe(response.usage?.output_tokens);
  });

  it('responses.stream: events relayed one by one, finalResponse(), usage from response.completed', async () => {
    const before = await recorded();
    const stream = client.responses.stream({ model: 'gpt-responses', input: 'Stream it through' });
    let text = '';
    stream.on('response.output_text.delta', (event) => {
      text += event.delta;
    });
    const types: string[] = [];
    const sequence: number[] = [];
    for await (const event of stream) {
      expect(streamEventSchemaErrors(event), event.type).toEqual([]);
      types.push(event.type);
      sequence.push(event.sequence_number);
    }
    const final = await stream.finalResponse();
    expect(responseSchemaErrors(final)).toEqual([]);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(sequence).toEqual(sequence.map((_, index) => index));
    expect(text).toContain('Stream it through');
    expect(upstreamSaw().body).toMatchObject({ model: 'emulator-gpt', stream: true });
    expect(upstreamSaw().body).not.toHaveProperty('stream_options');
    const after = await recorded();
    expect(after.requests - before.requests).toBe(1);
    expect(after.input - before.input).toBe(final.usage?.input_tokens);
    expect(after.output - before.output).toBe(final.usage?.output_tokens);
    expect(after.output - before.output).toBeGreaterThan(0);
  });

  it('tools pass through: a function call, then its output answered', async () => {
    const first = await client.responses.create({
      model: 'gpt-responses',
      input: 'Paris?',
      tools: [WEATHER],
    });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no call');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris?' });
    const second = await client.responses.create({
      model: 'gpt-responses',
      tools: [WEATHER],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
    });
    expect(second.output_text).toBe('The tool returned: sunny');
  });

  it('an upstream refusal keeps its status in OpenAI shape; a mid-stream error is an error event', async () => {
    gateway.emulator.setScenario('*', 'throttle');
    await expect(client.responses.create({ model: 'gpt-responses', input: 'x' })).rejects.toMatchObject({
      status: 429,
    });
    gateway.emulator.setScenario('*', 'midstream-exception', { afterFrames: 3 });
    const response = await fetch(`${gateway.url}/api/gateway/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.callerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-responses', input: 'break please', stream: true }),
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('event: response.created');
    expect(body.trimEnd().split('\n\n').at(-1)).toMatch(/^event: error\ndata: /);
  });

  it('the chat routes answer a 400 that points to /v1/responses', async () => {
    const response = await fetch(`${gateway.url}/api/gateway/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.callerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-responses', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: { message: string; param: string } };
    expect(json.error.message).toContain('/v1/responses');
    expect(json.error.param).toBe('model');
    expect(gateway.emulator.requests).toHaveLength(0);
  });
});
