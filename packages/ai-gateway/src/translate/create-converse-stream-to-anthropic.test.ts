import { describe, expect, test } from 'vitest';
import { createConverseStreamToAnthropic } from './create-converse-stream-to-anthropic';

describe('createConverseStreamToAnthropic', () => {
  test('implicit text and reasoning blocks get starts; the stop waits for metadata usage', () => {
    const mapper = createConverseStreamToAnthropic({ id: 'msg_1', model: 'public-model' });
    const push = (type: string, payload: unknown) => mapper.push(type, payload);
    const events = [
      ...push('messageStart', { role: 'assistant' }),
      ...push('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hmm' } } }),
      ...push('contentBlockDelta', {
        contentBlockIndex: 0,
        delta: { reasoningContent: { signature: 'sig' } },
      }),
      ...push('contentBlockStop', { contentBlockIndex: 0 }),
      ...push('contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'Hel' } }),
      ...push('contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'lo' } }),
      ...push('contentBlockStop', { contentBlockIndex: 1 }),
      ...push('contentBlockStart', {
        contentBlockIndex: 2,
        start: { toolUse: { toolUseId: 'tu_1', name: 'f' } },
      }),
      ...push('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '{"a":1}' } } }),
      ...push('contentBlockStop', { contentBlockIndex: 2 }),
    ];
    expect(push('messageStop', { stopReason: 'tool_use' })).toEqual([]);
    events.push(
      ...push('metadata', {
        usage: {
          inputTokens: 10,
          outputTokens: 4,
          totalTokens: 14,
          cacheReadInputTokens: 5,
          cacheWriteInputTokens: 2,
        },
        metrics: { latencyMs: 1 },
      }),
    );
    expect(mapper.finish()).toEqual([]);
    expect(events).toEqual([
      {
        type: 'message_start',
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'public-model',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      },
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hel' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'lo' } },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'content_block_start',
        index: 2,
        content_block: { type: 'tool_use', id: 'tu_1', name: 'f', input: {} },
      },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"a":1}' } },
      { type: 'content_block_stop', index: 2 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: {
          input_tokens: 10,
          output_tokens: 4,
          cache_read_input_tokens: 5,
          cache_creation_input_tokens: 2,
        },
      },
      { type: 'message_stop' },
    ]);
  });

  test('without metadata, finish() releases the stop; without messageStop, nothing pretends to end', () => {
    const withStop = createConverseStreamToAnthropic();
    withStop.push('messageStart', { role: 'assistant' });
    withStop.push('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'x' } });
    const stopEvents = withStop.push('messageStop', { stopReason: 'guardrail_intervened' });
    expect(stopEvents).toEqual([{ type: 'content_block_stop', index: 0 }]);
    const end = withStop.finish();
    expect(end.map((event) => event.type)).toEqual(['message_delta', 'message_stop']);
    expect(end[0]).toMatchObject({ delta: { stop_reason: 'refusal' } });

    const truncated = createConverseStreamToAnthropic();
    truncated.push('messageStart', { role: 'assistant' });
    truncated.push('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'x' } });
    expect(truncated.finish()).toEqual([]);
  });

  test('exception events throw', () => {
    const mapper = createConverseStreamToAnthropic();
    expect(() => mapper.push('throttlingException', { message: 'slow down' })).toThrow(
      expect.objectContaining({ code: 'upstream_stream_error' }),
    );
  });
});
