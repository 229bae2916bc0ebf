import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockDefinition } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

let gateway: TestGateway;
let client: OpenAI;
const CONVERSE_MODEL = 'us.amazon.nova-pro-v1:0';

beforeAll(async () => {
  gateway = await startTestGateway({ emulator: { anthropicApiKey: 'sk-ant-upstream-0123456789' } });
  const url = gateway.emulator.url;
  await gateway.putDefinition('claude-invoke', bedrockDefinition(url));
  await gateway.putDefinition(
    'nova-converse',
    bedrockDefinition(url, 'static', {
      internal_id: CONVERSE_MODEL,
      openclaw_settings: { api_adapter: 'bedrock-converse' },
    }),
  );
  await gateway.putDefinition('claude-direct', {
    internal_id: 'claude-sonnet-4-5',
    display_name: 'Claude (Anthropic API)',
    base_url: url,
    api_key: 'sk-ant-upstream-0123456789',
    openclaw_settings: { api_adapter: 'anthropic-messages' },
  });
  client = new OpenAI({ apiKey: gateway.callerKey, baseURL: `${gateway.url}/api/gateway/v1`, maxRetries: 0 });
});
afterAll(() => gateway?.close());
beforeEach(() => gateway.emulator.reset());

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe.each([
  ['Claude on Bedrock (invoke)', 'claude-invoke', /\/invoke(-with-response-stream)?$/],
  ['a Converse model on Bedrock', 'nova-converse', /\/converse(-stream)?$/],
  ['the Anthropic API', 'claude-direct', /\/v1\/messages$/],
])('openai SDK against %s', (_label, model, pathPattern) => {
  it('non-stream: text, finish_reason, usage, model = public id', async () => {
    const completion = await client.chat.completions.create({
      model,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    });
    expect(completion.model).toBe(model);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(gateway.emulator.lastRequest()?.path).toMatch(pathPattern);
  });

  it('stream: role first, content deltas, finish_reason, usage chunk, [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Say hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text.length).toBeGreaterThan(0);
    expect(
      chunks
        .filter((chunk) => chunk.choices[0]?.finish_reason)
        .map((chunk) => chunk.choices[0]?.finish_reason),
    ).toEqual(['stop']);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('full tool round trip: call -> tool result -> final answer (streamed call)', async () => {
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      stream: true,
    });
    let argumentsText = '';
    let callId = '';
    let name = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      if (call) {
        expect(call.index).toBe(0);
        callId ||= call.id ?? '';
        name ||= call.function?.name ?? '';
        argumentsText += call.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('tool_calls');
    expect(name).toBe('get_weather');
    expect(() => JSON.parse(argumentsText)).not.toThrow();

    const final = await client.chat.completions.create({
      model,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: callId, type: 'function', function: { name, arguments: argumentsText } }],
        },
        { role: 'tool', tool_call_id: callId, content: '{"temperature_c": 21}' },
      ],
    });
    expect(final.choices[0]?.finish_reason).toBe('stop');
    expect(final.choices[0]?.message.content).toContain('21');
  });
});

describe('mid-stream upstream failures', () => {
  it('an exception frame ends the OpenAI stream with an error and no [DONE], so the SDK raises', async () => {
    gateway.emulator.setScenario('*', 'midstream-exception', { afterFrames: 3 });
    const stream = await client.chat.completions.create({
      model: 'claude-invoke',
      messages: [{ role: 'user', content: 'Say hello' }],
      stream: true,
    });
    const consume = async () => {
      for await (const _chunk of stream) {
        // drain
      }
    };
    await expect(consume()).rejects.toThrow();
    gateway.emulator.clearScenarios();
  });

  it('a converse stream cut by a reset ends with an error event, not [DONE]', async () => {
    gateway.emulator.setScenario(CONVERSE_MODEL, 'reset', { afterFrames: 2 });
    const response = await fetch(`${gateway.url}/api/gateway/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gateway.callerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'nova-converse',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    const text = await response.text();
    expect(text).toContain('"error"');
    expect(text).not.toContain('[DONE]');
    gateway.emulator.clearScenarios();
  });
});

describe('request rules that need a 400', () => {
  it('refuses http image URLs unless the definition allows them', async () => {
    const error = await client.chat.completions
      .create({
        model: 'claude-invoke',
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }],
          },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('refuses n > 1 naming the parameter', async () => {
    const error = (await client.chat.completions
      .create({ model: 'claude-invoke', n: 2, messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain('n');
  });
});
