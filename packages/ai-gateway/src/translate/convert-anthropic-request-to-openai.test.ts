import { describe, expect, test } from 'vitest';
import { convertAnthropicRequestToOpenAi } from './convert-anthropic-request-to-openai';

describe('convertAnthropicRequestToOpenAi', () => {
  test('system, text, images, tool use and tool results', () => {
    const result = convertAnthropicRequestToOpenAi({
      max_tokens: 100,
      temperature: 0.2,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
      system: [{ type: 'text', text: 'Be brief.' }],
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'weather here?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 's' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'tu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'tu_1', content: 'sunny' },
            { type: 'text', text: 'and tomorrow?' },
          ],
        },
      ],
    });
    expect(result).toEqual({
      max_tokens: 100,
      temperature: 0.2,
      stop: ['END'],
      user: 'u-1',
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
        },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'weather here?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            {
              id: 'tu_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'tu_1', content: 'sunny' },
        { role: 'user', content: 'and tomorrow?' },
      ],
    });
  });

  test('tool_choice variants', () => {
    const base = {
      max_tokens: 1,
      messages: [{ role: 'user' as const, content: 'x' }],
      tools: [{ name: 'f', input_schema: {} }],
    };
    expect(convertAnthropicRequestToOpenAi({ ...base, tool_choice: { type: 'auto' } }).tool_choice).toBe(
      'auto',
    );
    expect(convertAnthropicRequestToOpenAi({ ...base, tool_choice: { type: 'none' } }).tool_choice).toBe(
      'none',
    );
    expect(
      convertAnthropicRequestToOpenAi({ ...base, tool_choice: { type: 'tool', name: 'f' } }).tool_choice,
    ).toEqual({
      type: 'function',
      function: { name: 'f' },
    });
  });
});
