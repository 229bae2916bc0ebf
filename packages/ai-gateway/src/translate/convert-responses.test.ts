import { describe, expect, test } from 'vitest';
import type { AnthropicMessage } from './anthropic-types';
import { convertAnthropicResponseToOpenAi } from './convert-anthropic-response-to-openai';
import { convertConverseResponseToAnthropic } from './convert-converse-response-to-anthropic';
import { convertOpenAiResponseToAnthropic } from './convert-openai-response-to-anthropic';

const message = (overrides: Partial<AnthropicMessage>): AnthropicMessage => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-internal',
  content: [],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 5 },
  ...overrides,
});
const ids = { id: 'chatcmpl-1', created: 1700000000, model: 'public-model' };

describe('convertAnthropicResponseToOpenAi', () => {
  test('text, tool calls, finish reason and usage with cache tokens', () => {
    const result = convertAnthropicResponseToOpenAi(
      message({
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'tu_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        usage: {
          input_tokens: 10,
          output_tokens: 5,
          cache_read_input_tokens: 100,
          cache_creation_input_tokens: 20,
        },
      }),
      ids,
    );
    expect(result).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'public-model',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            refusal: null,
            tool_calls: [
              {
                id: 'tu_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              },
            ],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 130,
        completion_tokens: 5,
        total_tokens: 135,
        prompt_tokens_details: { cached_tokens: 100 },
      },
    });
  });

  test.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
  ])('stop_reason %s -> finish_reason %s', (stopReason, finishReason) => {
    const content =
      stopReason === 'tool_use' ? [{ type: 'tool_use' as const, id: 't', name: 'f', input: {} }] : [];
    expect(
      convertAnthropicResponseToOpenAi(message({ stop_reason: stopReason, content }), ids).choices[0]
        ?.finish_reason,
    ).toBe(finishReason);
  });

  test('the response_format tool becomes message content with finish_reason stop', () => {
    const result = convertAnthropicResponseToOpenAi(
      message({
        content: [{ type: 'tool_use', id: 't', name: 'math_answer', input: { answer: 4 } }],
        stop_reason: 'tool_use',
      }),
      { ...ids, jsonResponseTool: 'math_answer' },
    );
    expect(result.choices[0]?.message).toEqual({
      role: 'assistant',
      content: '{"answer":4}',
      refusal: null,
    });
    expect(result.choices[0]?.finish_reason).toBe('stop');
  });
});

describe('convertConverseResponseToAnthropic', () => {
  test('content, stop reason and cache usage', () => {
    const result = convertConverseResponseToAnthropic(
      {
        output: {
          message: {
            role: 'assistant',
            content: [
              { reasoningContent: { reasoningText: { text: 'hmm', signature: 'sig' } } },
              { text: 'Hi' },
              { toolUse: { toolUseId: 'tu_1', name: 'f', input: { a: 1 } } },
            ],
          },
        },
        stopReason: 'tool_use',
        usage: {
          inputTokens: 10,
          outputTokens: 5,
          totalTokens: 15,
          cacheReadInputTokens: 7,
          cacheWriteInputTokens: 3,
        },
        metrics: { latencyMs: 1 },
      },
      { model: 'public-model', id: 'msg_x' },
    );
    expect(result).toEqual({
      id: 'msg_x',
      type: 'message',
      role: 'assistant',
      model: 'public-model',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'sig' },
        { type: 'text', text: 'Hi' },
        { type: 'tool_use', id: 'tu_1', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        output_tokens: 5,
        cache_read_input_tokens: 7,
        cache_creation_input_tokens: 3,
      },
    });
  });

  test.each([
    ['guardrail_intervened', 'refusal'],
    ['content_filtered', 'refusal'],
    ['max_tokens', 'max_tokens'],
    ['stop_sequence', 'stop_sequence'],
    ['end_turn', 'end_turn'],
  ])('stopReason %s -> %s', (stopReason, expected) => {
    const result = convertConverseResponseToAnthropic(
      {
        output: { message: { role: 'assistant', content: [] } },
        stopReason,
        usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
      },
      { model: 'm' },
    );
    expect(result.stop_reason).toBe(expected);
  });
});

describe('convertOpenAiResponseToAnthropic', () => {
  test('content, tool calls, finish reason and usage', () => {
    const result = convertOpenAiResponseToAnthropic(
      {
        id: 'chatcmpl-9',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-x',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'Checking.',
              tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: {
          prompt_tokens: 30,
          completion_tokens: 4,
          total_tokens: 34,
          prompt_tokens_details: { cached_tokens: 10 },
        },
      },
      { model: 'public-model' },
    );
    expect(result).toEqual({
      id: 'chatcmpl-9',
      type: 'message',
      role: 'assistant',
      model: 'public-model',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_1', name: 'f', input: { a: 1 } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 20,
        output_tokens: 4,
        cache_read_input_tokens: 10,
        cache_creation_input_tokens: 0,
      },
    });
  });

  test('length -> max_tokens; truncated arguments are kept raw', () => {
    const result = convertOpenAiResponseToAnthropic(
      {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'g',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a":' } }],
            },
            finish_reason: 'length',
          },
        ],
      },
      { model: 'm' },
    );
    expect(result.stop_reason).toBe('max_tokens');
    expect(result.content).toEqual([
      { type: 'tool_use', id: 'c1', name: 'f', input: { _raw_arguments: '{"a":' } },
    ]);
  });
});
