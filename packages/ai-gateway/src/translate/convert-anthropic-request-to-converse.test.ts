import { describe, expect, test } from 'vitest';
import type { AnthropicMessagesRequest } from './anthropic-types';
import { convertAnthropicRequestToConverse } from './convert-anthropic-request-to-converse';

describe('convertAnthropicRequestToConverse', () => {
  test('messages, system, inference config and images', () => {
    const result = convertAnthropicRequestToConverse({
      max_tokens: 300,
      temperature: 0.5,
      top_p: 0.9,
      stop_sequences: ['END', ''],
      system: 'Be brief.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'text', text: ' ' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
        { role: 'assistant', content: 'a cat' },
        { role: 'user', content: 'thanks' },
      ],
    });
    expect(result).toEqual({
      messages: [
        {
          role: 'user',
          content: [{ text: 'look' }, { image: { format: 'png', source: { bytes: 'AAAA' } } }],
        },
        { role: 'assistant', content: [{ text: 'a cat' }] },
        { role: 'user', content: [{ text: 'thanks' }] },
      ],
      system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 300, temperature: 0.5, topP: 0.9, stopSequences: ['END'] },
    });
  });

  test('tools, tool choice, tool use and results', () => {
    const request: AnthropicMessagesRequest = {
      max_tokens: 100,
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'get_weather' },
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'tu_1', name: 'get_weather', input: { city: 'Paris' } }],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'tu_1', content: 'sunny', is_error: false },
            {
              type: 'tool_result',
              tool_use_id: 'tu_2',
              content: [{ type: 'text', text: 'boom' }],
              is_error: true,
            },
          ],
        },
      ],
    };
    const result = convertAnthropicRequestToConverse(request);
    expect(result.messages[1]).toEqual({
      role: 'assistant',
      content: [{ toolUse: { toolUseId: 'tu_1', name: 'get_weather', input: { city: 'Paris' } } }],
    });
    expect(result.messages[2]).toEqual({
      role: 'user',
      content: [
        { toolResult: { toolUseId: 'tu_1', content: [{ text: 'sunny' }] } },
        { toolResult: { toolUseId: 'tu_2', content: [{ text: 'boom' }], status: 'error' } },
      ],
    });
    expect(result.toolConfig).toEqual({
      tools: [
        {
          toolSpec: {
            name: 'get_weather',
            description: 'Weather',
            inputSchema: { json: { type: 'object' } },
          },
        },
      ],
      toolChoice: { tool: { name: 'get_weather' } },
    });
    expect(
      convertAnthropicRequestToConverse({ ...request, tool_choice: { type: 'any' } }).toolConfig?.toolChoice,
    ).toEqual({
      any: {},
    });
    expect(
      convertAnthropicRequestToConverse({ ...request, tool_choice: { type: 'auto' } }).toolConfig?.toolChoice,
    ).toEqual({
      auto: {},
    });
  });

  test('a history with tool blocks but no tools still gets a toolConfig (Bedrock requires one)', () => {
    const result = convertAnthropicRequestToConverse({
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'tu_1', name: 'get_weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: 'sunny' }] },
      ],
    });
    expect(result.toolConfig?.tools).toEqual([
      {
        toolSpec: expect.objectContaining({ name: 'get_weather', inputSchema: { json: { type: 'object' } } }),
      },
    ]);
    expect(result.toolConfig?.toolChoice).toBeUndefined();
  });

  test('tool_choice none withholds the offered tools', () => {
    const result = convertAnthropicRequestToConverse({
      max_tokens: 100,
      tools: [{ name: 'f', input_schema: { type: 'object' } }],
      tool_choice: { type: 'none' },
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(result.toolConfig).toBeUndefined();
  });

  test('thinking and top_k go in additionalModelRequestFields; cache_control becomes cachePoint', () => {
    const result = convertAnthropicRequestToConverse({
      max_tokens: 5000,
      top_k: 5,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      system: [{ type: 'text', text: 'long prompt', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig' },
            { type: 'text', text: 'a' },
          ],
        },
        { role: 'user', content: 'q2' },
      ],
    });
    expect(result.additionalModelRequestFields).toEqual({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      top_k: 5,
    });
    expect(result.system).toEqual([{ text: 'long prompt' }, { cachePoint: { type: 'default' } }]);
    expect(result.messages[1]?.content[0]).toEqual({
      reasoningContent: { reasoningText: { text: 'hmm', signature: 'sig' } },
    });
  });

  test('URL image sources are refused (Converse takes bytes only)', () => {
    expect(() =>
      convertAnthropicRequestToConverse({
        max_tokens: 1,
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { type: 'url', url: 'https://x.test/a.png' } }],
          },
        ],
      }),
    ).toThrow(expect.objectContaining({ status: 400, param: 'messages[0].content[0].source' }));
  });
});
