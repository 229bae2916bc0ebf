import { describe, expect, test } from 'vitest';
import { createOpenAiChunksToAnthropic } from './create-openai-chunks-to-anthropic';

const chunk = (delta: object, finishReason: string | null = null, usage?: object) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-x',
  choices: [{ index: 0, delta, finish_reason: finishReason }],
  ...(usage ? { usage } : {}),
});

describe('createOpenAiChunksToAnthropic', () => {
  test('text and tool calls become blocks; the end waits for the usage chunk', () => {
    const mapper = createOpenAiChunksToAnthropic({ model: 'public-model' });
    const events = [
      ...mapper.push(chunk({ role: 'assistant', content: '' })),
      ...mapper.push(chunk({ content: 'Hi' })),
      ...mapper.push(
        chunk({
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }],
        }),
      ),
      ...mapper.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] })),
      ...mapper.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] })),
      ...mapper.push(
        chunk({
          tool_calls: [
            { index: 1, id: 'call_2', type: 'function', function: { name: 'g', arguments: '{}' } },
          ],
        }),
      ),
      ...mapper.push(chunk({}, 'tool_calls')),
    ];
    expect(events.at(-1)).toEqual({ type: 'content_block_stop', index: 2 });
    events.push(
      ...mapper.push({
        id: 'chatcmpl-1',
        choices: [],
        usage: {
          prompt_tokens: 20,
          completion_tokens: 5,
          total_tokens: 25,
          prompt_tokens_details: { cached_tokens: 8 },
        },
      }),
    );
    expect(mapper.finish()).toEqual([]);
    expect(events).toEqual([
      {
        type: 'message_start',
        message: {
          id: 'chatcmpl-1',
          type: 'message',
          role: 'assistant',
          model: 'public-model',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'call_1', name: 'f', input: {} },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"a":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '1}' } },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'call_2', name: 'g', input: {} },
      },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{}' } },
      { type: 'content_block_stop', index: 2 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: {
          input_tokens: 12,
          output_tokens: 5,
          cache_read_input_tokens: 8,
          cache_creation_input_tokens: 0,
        },
      },
      { type: 'message_stop' },
    ]);
  });

  test('without a usage chunk finish() ends the message; without finish_reason it does not', () => {
    const mapper = createOpenAiChunksToAnthropic();
    mapper.push(chunk({ reasoning_content: 'think' }));
    mapper.push(chunk({ content: 'x' }, 'length'));
    expect(mapper.finish().map((event) => event.type)).toEqual(['message_delta', 'message_stop']);

    const truncated = createOpenAiChunksToAnthropic();
    truncated.push(chunk({ content: 'x' }));
    expect(truncated.finish()).toEqual([]);
  });
});
