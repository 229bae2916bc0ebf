import { responseSchemaErrors, streamEventSchemaErrors } from '@gateway/ai-gateway/testing';
import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import type { ResponseInputItem, Tool } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bedrockDefinition, openAiDefinition } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.putDefinition('claude', bedrockDefinition(gateway.emulator.url));
  await gateway.putDefinition('gpt', openAiDefinition(gateway.emulator.url));
  client = new OpenAI({ apiKey: gateway.callerKey, baseURL: `${gateway.url}/api/gateway/v1`, maxRetries: 0 });
});
afterAll(() => gateway?.close());
beforeEach(() => gateway.emulator.reset());

const WEATHER: Tool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

const expectValid = (response: unknown) => expect(responseSchemaErrors(response)).toEqual([]);

describe.each([
  ['Claude on Bedrock', 'claude'],
  ['an OpenAI-compatible upstream', 'gpt'],
])('Responses API with the official openai SDK through %s', (_label, model) => {
  it('responses.create answers a message that follows the published schema', async () => {
    const response = await client.responses.create({ model, input: 'Hello there', instructions: 'Be brief' });
    expectValid(response);
    expect(response.status).toBe('completed');
    expect(response.output_text).toContain('Hello there');
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
    expect(response.usage?.total_tokens).toBe(
      (response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0),
    );
  });

  it('responses.stream: helpers, every event valid, finalResponse()', async () => {
    const stream = client.responses.stream({ model, input: 'Stream this please' });
    let text = '';
    stream.on('response.output_text.delta', (event) => {
      text += event.delta;
    });
    const types: string[] = [];
    for await (const event of stream) {
      expect(streamEventSchemaErrors(event), event.type).toEqual([]);
      types.push(event.type);
    }
    const final = await stream.finalResponse();
    expectValid(final);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types.at(-1)).toBe('response.completed');
    // The SDK's stream helper does not add the `output_text` convenience field; read the items.
    const message = final.output.find((item) => item.type === 'message');
    expect(message?.type === 'message' && message.content[0]).toMatchObject({ type: 'output_text', text });
    expect(text).toContain('Stream this please');
  });

  it('responses.parse fills a zod schema through text.format json_schema', async () => {
    const City = z.object({ name: z.string(), population: z.number() });
    const response = await client.responses.parse({
      model,
      input: 'Paris',
      text: { format: zodTextFormat(City, 'city') },
    });
    expectValid({ ...response, output_parsed: undefined });
    expect(response.output_parsed).toEqual({ name: 'Paris', population: 42 });
  });

  it('runs a two-turn function-calling loop with previous_response_id', async () => {
    const first = await client.responses.create({ model, input: 'Weather in Paris?', tools: [WEATHER] });
    expectValid(first);
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
    if (call?.type !== 'function_call') throw new Error('no call');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Weather in Paris?' });

    const second = await client.responses.create({
      model,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny, 21 C' }],
      tools: [WEATHER],
    });
    expectValid(second);
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toBe('The tool returned: sunny, 21 C');
  });
});

describe('Responses API state and reasoning', () => {
  it('keeps reasoning across a stateless tool loop through the encrypted item (Claude checks the signature)', async () => {
    const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const request = {
      model: 'claude',
      tools: [WEATHER],
      store: false,
      reasoning: { effort: 'low' as const, summary: 'auto' as const },
      include: ['reasoning.encrypted_content' as const],
    };
    const first = await client.responses.create({ ...request, input });
    expectValid(first);
    const reasoning = first.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.encrypted_content).toMatch(/^gwr1\./);
    expect(reasoning?.summary[0]?.text).toContain('Weather in Paris?');
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('no call');

    const second = await client.responses.create({
      ...request,
      input: [
        ...input,
        ...(first.output as ResponseInputItem[]),
        { type: 'function_call_output', call_id: call.call_id, output: 'sunny' },
      ],
    });
    expectValid(second);
    expect(second.output_text).toBe('The tool returned: sunny');
    const upstream = JSON.parse(gateway.emulator.lastRequest()?.body ?? '{}');
    expect(upstream.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(upstream.messages[1].content[0]).toMatchObject({
      type: 'thinking',
      thinking: reasoning?.summary[0]?.text,
    });

    // Not stored: nothing to continue from.
    await expect(client.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
  });

  it('GET and DELETE a stored response; another key sees a 404', async () => {
    const created = await client.responses.create({ model: 'claude', input: 'Remember me' });
    const fetched = await client.responses.retrieve(created.id);
    expectValid(fetched);
    expect(fetched.output_text).toBe(created.output_text);

    const other = (await (await gateway.admin('POST', '/api/admin/api-keys', { name: 'other' })).json()) as {
      key: string;
    };
    const stranger = new OpenAI({
      apiKey: other.key,
      baseURL: `${gateway.url}/api/gateway/v1`,
      maxRetries: 0,
    });
    await expect(stranger.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
    await expect(
      stranger.responses.create({ model: 'claude', input: 'next', previous_response_id: created.id }),
    ).rejects.toMatchObject({ status: 404, param: 'previous_response_id' });

    await client.responses.delete(created.id);
    await expect(client.responses.retrieve(created.id)).rejects.toMatchObject({ status: 404 });
  });

  it("serves a coding agent's captured request shape end to end", async () => {
    const response = await fetch(`${gateway.url}/api/gateway/v1/responses`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${gateway.callerKey}`,
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'x-codex-turn-id': 'turn-1',
      },
      body: JSON.stringify({
        model: 'claude',
        stream: true,
        store: false,
        include: ['reasoning.encrypted_content'],
        reasoning: { summary: 'auto' },
        tool_choice: 'auto',
        parallel_tool_calls: true,
        prompt_cache_key: 'conversation-1',
        client_metadata: { originator: 'agent' },
        input: [
          {
            type: 'message',
            role: 'developer',
            content: [{ type: 'input_text', text: 'You are a coding agent.' }],
          },
          {
            type: 'message',
            role: 'developer',
            content: [{ type: 'input_text', text: 'Sandbox: read-only.' }],
          },
          {
            type: 'message',
            role: 'user',
            content: [{ type: 'input_text', text: '<environment_context/>' }],
          },
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Spawn a helper' }] },
        ],
        tools: [
          {
            type: 'namespace',
            name: 'multi_agent_v1',
            description: 'Sub-agents',
            tools: [
              {
                type: 'function',
                name: 'spawn_agent',
                parameters: { type: 'object', properties: { task: { type: 'string' } } },
                strict: false,
              },
            ],
          },
          { type: 'web_search', external_web_access: false },
        ],
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gateway-dropped-tools')).toBe('web_search');
    const events = (await response.text())
      .split('\n\n')
      .filter((frame) => frame.includes('data: '))
      .map((frame) => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)));
    for (const event of events) expect(streamEventSchemaErrors(event), event.type).toEqual([]);
    const done = events.find(
      (event) => event.type === 'response.output_item.done' && event.item.type === 'function_call',
    );
    expect(done.item).toMatchObject({ namespace: 'multi_agent_v1', name: 'spawn_agent' });
    expect(events.at(-1).type).toBe('response.completed');
    const upstream = JSON.parse(gateway.emulator.lastRequest()?.body ?? '{}');
    // prompt_cache_key: Claude caches, so the system prompt ends with a cache point.
    expect(upstream.system).toEqual([
      { type: 'text', text: 'You are a coding agent.' },
      { type: 'text', text: 'Sandbox: read-only.', cache_control: { type: 'ephemeral' } },
    ]);
    expect(upstream.tools.map((tool: { name: string }) => tool.name)).toEqual([
      'multi_agent_v1__spawn_agent',
    ]);
  });
});
