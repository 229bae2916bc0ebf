import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';

/** Parsed wire JSON; the assertions check its shape. */
type Json = ReturnType<typeof JSON.parse>;

let emulator: EmulatorHandle;
const KEY = 'sk-emulator-test';

beforeAll(async () => {
  emulator = await startEmulator({ openAiApiKey: KEY });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function chat(body: unknown, key = KEY, path = '/v1/chat/completions'): Promise<Response> {
  return fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** `data:` payloads of an SSE body, in order. */
async function sseData(response: Response): Promise<string[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

const tools = [
  {
    type: 'function',
    function: {
      name: 'lookup',
      parameters: { type: 'object', properties: { term: { type: 'string' }, limit: { type: 'integer' } } },
    },
  },
];

describe('OpenAI-compatible face', () => {
  it('answers deterministically with usage, on both paths', async () => {
    for (const path of ['/v1/chat/completions', '/chat/completions']) {
      const response = await chat({ model: 'm1', messages: [{ role: 'user', content: 'Ping' }] }, KEY, path);
      const completion = (await response.json()) as Json;
      expect(completion.object).toBe('chat.completion');
      expect(completion.choices[0].message.content).toBe('Hello from the emulator. You said: Ping');
      expect(completion.choices[0].finish_reason).toBe('stop');
      expect(completion.usage.total_tokens).toBe(
        completion.usage.prompt_tokens + completion.usage.completion_tokens,
      );
    }
  });

  it('streams role, word chunks, a stop chunk, the usage chunk and [DONE]', async () => {
    const data = await sseData(
      await chat({
        model: 'm1',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'a b' }],
      }),
    );
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line));
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('Hello from the emulator. You said: a b');
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 8 } });
  });

  it('omits the usage chunk unless include_usage is set', async () => {
    const data = await sseData(
      await chat({ model: 'm1', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(data.slice(0, -1).every((line) => JSON.parse(line).choices.length === 1)).toBe(true);
  });

  it('calls the first tool, then quotes the tool result', async () => {
    const first = (await (
      await chat({ model: 'm1', tools, messages: [{ role: 'user', content: 'cats' }] })
    ).json()) as Json;
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const call = first.choices[0].message.tool_calls[0];
    expect(call.id).toMatch(/^call_/);
    expect(JSON.parse(call.function.arguments)).toEqual({ term: 'cats', limit: 42 });

    const second = (await (
      await chat({
        model: 'm1',
        tools,
        messages: [
          { role: 'user', content: 'cats' },
          { role: 'assistant', content: null, tool_calls: [call] },
          { role: 'tool', tool_call_id: call.id, content: '3 cats found' },
        ],
      })
    ).json()) as Json;
    expect(second.choices[0].message.content).toBe('The tool returned: 3 cats found');
  });

  it('streams tool_call deltas at index 0 with the id and name first', async () => {
    const data = await sseData(
      await chat({ model: 'm1', stream: true, tools, messages: [{ role: 'user', content: 'dogs' }] }),
    );
    const chunks = data.slice(0, -1).map((line) => JSON.parse(line));
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta?.tool_calls ?? []);
    expect(calls[0]).toMatchObject({
      index: 0,
      id: expect.stringMatching(/^call_/),
      type: 'function',
      function: { name: 'lookup' },
    });
    expect(calls.every((call: { index: number }) => call.index === 0)).toBe(true);
    const json = calls.map((call: { function: { arguments: string } }) => call.function.arguments).join('');
    expect(JSON.parse(json)).toEqual({ term: 'dogs', limit: 42 });
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
  });

  it('requires the configured Bearer key with an OpenAI-shaped 401', async () => {
    for (const key of ['', 'sk-wrong']) {
      const response = await chat({ model: 'm1', messages: [{ role: 'user', content: 'x' }] }, key);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_api_key');
      expect(body.error.message).not.toContain('sk-wrong');
    }
    const models = await fetch(`${emulator.url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(((await models.json()) as { object: string }).object).toBe('list');
  });

  it('accepts any caller when no key is configured', async () => {
    const open = await startEmulator();
    try {
      const response = await fetch(`${open.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(response.status).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('applies throttle and midstream-exception scenarios by model', async () => {
    emulator.setScenario('m-throttled', 'throttle');
    const throttled = await chat({ model: 'm-throttled', messages: [{ role: 'user', content: 'x' }] });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');

    emulator.setScenario('m-broken', 'midstream-exception');
    const data = await sseData(
      await chat({ model: 'm-broken', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(data).toHaveLength(3);
    expect(JSON.parse(data.at(-1)!).error.type).toBe('server_error');
  });
});
