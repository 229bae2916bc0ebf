import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';

/** Parsed wire JSON; the assertions check its shape. */
type Json = ReturnType<typeof JSON.parse>;

let emulator: EmulatorHandle;
const KEY = 'sk-ant-emulator-test';

beforeAll(async () => {
  emulator = await startEmulator({ anthropicApiKey: KEY });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function messages(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${emulator.url}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': KEY,
      'anthropic-version': '2023-06-01',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** `[event, data]` pairs of an SSE body. */
async function sseEvents(response: Response): Promise<[string, Json][]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [eventLine = '', dataLine = ''] = block.split('\n');
      return [eventLine.slice('event: '.length), JSON.parse(dataLine.slice('data: '.length))];
    });
}

const base = { model: 'claude-test', max_tokens: 64, messages: [{ role: 'user', content: 'Hello Claude' }] };
const tools = [{ name: 'search', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }];

describe('Anthropic face', () => {
  it('answers a Messages request with usage', async () => {
    const message = (await (await messages(base)).json()) as Json;
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-test',
      content: [{ type: 'text', text: 'Hello from the emulator. You said: Hello Claude' }],
      stop_reason: 'end_turn',
    });
    expect(message.usage.output_tokens).toBe(8);
  });

  it('streams real Anthropic SSE events in order', async () => {
    const events = await sseEvents(await messages({ ...base, stream: true }));
    const names = events.map(([name]) => name);
    expect(names[0]).toBe('message_start');
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(events.every(([name, data]) => data.type === name)).toBe(true);
    const text = events
      .filter(([name]) => name === 'content_block_delta')
      .map(([, data]) => data.delta.text)
      .join('');
    expect(text).toBe('Hello from the emulator. You said: Hello Claude');
    expect(events.find(([name]) => name === 'message_delta')![1]).toMatchObject({
      delta: { stop_reason: 'end_turn' },
      usage: { output_tokens: 8 },
    });
  });

  it('tool_use with input_json_delta, then text quoting the tool_result', async () => {
    const events = await sseEvents(await messages({ ...base, stream: true, tools }));
    const start = events.find(([name]) => name === 'content_block_start')![1];
    expect(start.content_block).toMatchObject({ type: 'tool_use', name: 'search', input: {} });
    const json = events
      .filter(([name]) => name === 'content_block_delta')
      .map(([, data]) => data.delta.partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual({ q: 'Hello Claude' });

    const followUp = (await (
      await messages({
        ...base,
        tools,
        messages: [
          ...base.messages,
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: start.content_block.id, name: 'search', input: { q: 'x' } }],
          },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: start.content_block.id, content: 'found it' }],
          },
        ],
      })
    ).json()) as Json;
    expect(followUp.content[0].text).toBe('The tool returned: found it');
  });

  it('reports cache writes then cache reads for a repeated cache_control prefix', async () => {
    const cached = {
      ...base,
      system: [
        { type: 'text', text: 'A long system prompt '.repeat(20), cache_control: { type: 'ephemeral' } },
      ],
    };
    const first = (await (await messages(cached)).json()) as Json;
    const second = (await (await messages(cached)).json()) as Json;
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
  });

  it('requires x-api-key and anthropic-version', async () => {
    const noKey = await messages(base, { 'x-api-key': '' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const noVersion = await fetch(`${emulator.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY },
      body: JSON.stringify(base),
    });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('midstream-exception ends the stream with an error event', async () => {
    emulator.setScenario('claude-test', 'midstream-exception', { afterFrames: 3 });
    const events = await sseEvents(await messages({ ...base, stream: true }));
    expect(events.map(([name]) => name)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'error',
    ]);
  });
});

describe('Anthropic face: count_tokens and the use-tool scenario', () => {
  it('counts a body with the usage rule and checks the key', async () => {
    const body = { model: 'claude-test', messages: base.messages };
    const response = await fetch(`${emulator.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(body),
    });
    expect(await response.json()).toEqual({ input_tokens: Math.ceil(JSON.stringify(body).length / 4) });
    const refused = await fetch(`${emulator.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'wrong',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify(body),
    });
    expect(refused.status).toBe(401);
  });

  it('use-tool calls the named tool with the given input, or answers in text without a name', async () => {
    const twoTools = [...tools, { name: 'read', input_schema: { type: 'object' } }];
    emulator.setScenario('claude-test', 'use-tool', {
      toolName: 'read',
      toolInput: { path: '/x' },
      times: 1,
    });
    const called = (await (await messages({ ...base, tools: twoTools })).json()) as Json;
    expect(called.content[0]).toMatchObject({ type: 'tool_use', name: 'read', input: { path: '/x' } });
    emulator.setScenario('claude-test', 'use-tool', { times: 1 });
    const text = (await (await messages({ ...base, tools: twoTools })).json()) as Json;
    expect(text.content[0]).toMatchObject({ type: 'text' });
  });
});
