import { describe, expect, test } from 'vitest';
import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import { GatewayError } from '../errors/gateway-error';
import { convertOpenAiRequestToAnthropic } from './convert-openai-request-to-anthropic';
import { getJsonResponseToolName } from './json-response-tool';
import type { OpenAiChatRequest } from './openai-types';

const definition: CustomLlmDefinition = { internal_id: 'claude', base_url: 'https://example.com' };
const PNG = 'iVBORw0KGgo=';

function convert(
  request: Partial<OpenAiChatRequest>,
  options: Partial<Parameters<typeof convertOpenAiRequestToAnthropic>[1]> = {},
) {
  return convertOpenAiRequestToAnthropic(
    { messages: [{ role: 'user', content: 'hi' }], ...request } as OpenAiChatRequest,
    { definition, ...options },
  );
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  return error;
}

describe('convertOpenAiRequestToAnthropic', () => {
  test('system and developer messages become the system prompt; same roles merge; blank text is dropped', async () => {
    const result = await convert({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use French.' }] },
        { role: 'user', content: 'one' },
        {
          role: 'user',
          content: [
            { type: 'text', text: '   ' },
            { type: 'text', text: 'two' },
          ],
        },
        { role: 'assistant', content: '' },
        { role: 'assistant', content: 'ok' },
      ],
    });
    expect(result).toEqual({
      max_tokens: 4096,
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Use French.' },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'one' },
            { type: 'text', text: 'two' },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
      ],
    });
    expect(result).not.toHaveProperty('model');
    expect(result).not.toHaveProperty('stream');
  });

  test('data-URL images become base64 blocks', async () => {
    const result = await convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
          ],
        },
      ],
    });
    expect(result.messages[0]?.content).toEqual([
      { type: 'text', text: 'what is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
    ]);
  });

  test('http image URLs are refused unless allowed and a fetcher is given', async () => {
    const request = {
      messages: [
        {
          role: 'user' as const,
          content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }],
        },
      ],
    };
    const error = await rejection(convert(request));
    expect(error).toMatchObject({ status: 400, param: 'messages[0].content[0].image_url.url' });
    expect(error.message).toMatch(/data URL/);

    const fetched: string[] = [];
    const result = await convert(request, {
      definition: { ...definition, allow_image_urls: true },
      fetchImage: async (url) => {
        fetched.push(url);
        return { mediaType: 'image/jpeg', data: 'AAAA' };
      },
    });
    expect(fetched).toEqual(['https://x.test/a.png']);
    expect(result.messages[0]?.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } },
    ]);
  });

  test('images are refused when the definition says the model takes none', async () => {
    const error = await rejection(
      convert(
        {
          messages: [
            {
              role: 'user',
              content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }],
            },
          ],
        },
        { definition: { ...definition, supports_image_input: false } },
      ),
    );
    expect(error.param).toBe('messages[0].content[0]');
  });

  test('tools and tool_choice map auto/required/named/none', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          description: 'Weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ];
    const auto = await convert({ tools, tool_choice: 'auto' });
    expect(auto.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather',
        input_schema: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ]);
    expect(auto.tool_choice).toBeUndefined();
    expect((await convert({ tools, tool_choice: 'required' })).tool_choice).toEqual({ type: 'any' });
    expect(
      (await convert({ tools, tool_choice: { type: 'function', function: { name: 'get_weather' } } }))
        .tool_choice,
    ).toEqual({
      type: 'tool',
      name: 'get_weather',
    });
    expect((await convert({ tools, tool_choice: 'none' })).tool_choice).toEqual({ type: 'none' });
    expect((await convert({ tools, parallel_tool_calls: false })).tool_choice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    const unknown = await rejection(
      convert({ tools, tool_choice: { type: 'function', function: { name: 'nope' } } }),
    );
    expect(unknown.param).toBe('tool_choice');
  });

  test('assistant tool_calls become tool_use; consecutive tool messages merge into one user turn', async () => {
    const result = await convert({
      messages: [
        { role: 'user', content: 'weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
            {
              id: 'call_2',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'rainy' }] },
      ],
    });
    expect(result.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 'call_2', content: 'rainy' },
        ],
      },
    ]);
  });

  test('invalid tool-call arguments are a 400 naming the field', async () => {
    const error = await rejection(
      convert({
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }],
          },
        ],
      }),
    );
    expect(error).toMatchObject({ status: 400, param: 'messages[1].tool_calls[0].function.arguments' });
  });

  test('max tokens, sampling, stop and user', async () => {
    expect((await convert({})).max_tokens).toBe(4096);
    expect(
      (await convert({}, { definition: { ...definition, max_completion_tokens: 8000 } })).max_tokens,
    ).toBe(8000);
    expect((await convert({ max_tokens: 100 })).max_tokens).toBe(100);
    const result = await convert({
      max_completion_tokens: 200,
      temperature: 0.3,
      top_p: 0.9,
      stop: 'END',
      user: 'u-1',
    });
    expect(result).toMatchObject({
      max_tokens: 200,
      temperature: 0.3,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
    });
    expect((await convert({ stop: ['a', 'b'] })).stop_sequences).toEqual(['a', 'b']);
  });

  test('reasoning_effort enables thinking with max_tokens above the budget, only when supported', async () => {
    const result = await convert(
      { reasoning_effort: 'medium', max_tokens: 1000, temperature: 0.2 },
      { thinking: 'budget' },
    );
    expect(result.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(result.max_tokens).toBeGreaterThan(4096);
    expect(result.temperature).toBeUndefined();
    const unsupported = await convert({ reasoning_effort: 'high' });
    expect(unsupported.thinking).toBeUndefined();
  });

  test('response_format json_schema becomes a forced tool, marked for the response converter', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'] };
    const result = await convert({
      response_format: { type: 'json_schema', json_schema: { name: 'math_answer', schema } },
    });
    expect(result.tools).toEqual([expect.objectContaining({ name: 'math_answer', input_schema: schema })]);
    expect(result.tool_choice).toEqual({ type: 'tool', name: 'math_answer' });
    expect(getJsonResponseToolName(result)).toBe('math_answer');
    // The mark never reaches the upstream body.
    expect(JSON.stringify(result)).not.toContain('jsonResponseTool');
    expect(getJsonResponseToolName({ ...result })).toBe('math_answer');

    const jsonObject = await convert({ response_format: { type: 'json_object' } });
    expect(jsonObject.tool_choice).toEqual({ type: 'tool', name: 'json_object' });
    const text = await convert({ response_format: { type: 'text' } });
    expect(text.tools).toBeUndefined();
    expect(getJsonResponseToolName(text)).toBeUndefined();
  });

  test('harmless parameters are ignored', async () => {
    const result = await convert({
      frequency_penalty: 1,
      presence_penalty: 1,
      logit_bias: { 1: 2 },
      seed: 4,
      parallel_tool_calls: true,
      store: true,
      stream_options: { include_usage: true },
      service_tier: 'auto',
    });
    expect(Object.keys(result).sort()).toEqual(['max_tokens', 'messages']);
  });

  test.each([
    [{ n: 2 }, 'n'],
    [{ logprobs: true }, 'logprobs'],
    [{ audio: { voice: 'alloy', format: 'mp3' } }, 'audio'],
    [{ modalities: ['text', 'audio'] }, 'modalities'],
    [{ prediction: { type: 'content', content: 'x' } }, 'prediction'],
    [{ tools: [{ type: 'web_search' }] }, 'tools[0].type'],
  ])('refuses %j naming the parameter', async (request, param) => {
    const error = await rejection(convert(request as Partial<OpenAiChatRequest>));
    expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter', param });
  });
});

describe('reasoning_effort on adaptive-thinking models', () => {
  test('becomes adaptive thinking with the caller effort (Claude 4.6+; Opus 4.7 refuses a budget)', async () => {
    const result = await convertOpenAiRequestToAnthropic(
      { model: 'opus', reasoning_effort: 'low', messages: [{ role: 'user', content: 'think' }] },
      {
        definition: { internal_id: 'claude-opus-4-7', base_url: 'https://api.anthropic.com' },
        thinking: 'adaptive',
      },
    );
    expect(result.thinking).toEqual({ type: 'adaptive' });
    expect(result.output_config).toEqual({ effort: 'low' });
  });
});
