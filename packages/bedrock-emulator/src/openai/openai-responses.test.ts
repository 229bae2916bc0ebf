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

const post = (body: unknown, key = KEY) =>
  fetch(`${emulator.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });

/** The events of an SSE body: the `event:` name must equal the data's `type`. */
async function events(response: Response): Promise<Json[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      const event = JSON.parse((dataLine ?? '').slice('data: '.length));
      expect(eventLine).toBe(`event: ${event.type}`);
      return event;
    });
}

describe('emulator OpenAI face: POST /v1/responses', () => {
  it('answers a completed Response with usage, and refuses a wrong key', async () => {
    const response = await post({ model: 'emulator-chat', input: 'hi there', instructions: 'short' });
    expect(response.status).toBe(200);
    const json: Json = await response.json();
    expect(json).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'emulator-chat',
      instructions: 'short',
      output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text' }] }],
    });
    expect(json.output[0].content[0].text).toContain('hi there');
    expect(json.usage.total_tokens).toBe(json.usage.input_tokens + json.usage.output_tokens);
    expect((await post({ model: 'emulator-chat', input: 'x' }, 'wrong')).status).toBe(401);
    expect((await post({ model: 'emulator-chat' })).status).toBe(400);
  });

  it('streams the event sequence in order, ending with response.completed', async () => {
    const list = await events(await post({ model: 'emulator-chat', input: 'stream me', stream: true }));
    expect(list.map((event) => event.sequence_number)).toEqual(list.map((_, index) => index));
    const types = list.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const text = list
      .filter((event) => event.type === 'response.output_text.delta')
      .map((event) => event.delta)
      .join('');
    expect(list.at(-1).response.output[0].content[0].text).toBe(text);
    expect(list.at(-1).response.usage.output_tokens).toBeGreaterThan(0);
  });

  it('calls the first function tool, then quotes its output', async () => {
    const tools = [
      {
        type: 'function',
        name: 'lookup',
        parameters: { type: 'object', properties: { term: { type: 'string' } } },
      },
    ];
    const json: Json = await (await post({ model: 'emulator-tools', input: 'find cats', tools })).json();
    expect(json.output[0]).toMatchObject({ type: 'function_call', name: 'lookup' });
    expect(JSON.parse(json.output[0].arguments)).toEqual({ term: 'find cats' });
    const second: Json = await (
      await post({
        model: 'emulator-tools',
        tools,
        input: [{ type: 'function_call_output', call_id: json.output[0].call_id, output: 'three cats' }],
      })
    ).json();
    expect(second.output[0].content[0].text).toBe('The tool returned: three cats');
  });
});
