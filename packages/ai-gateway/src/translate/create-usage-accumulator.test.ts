import { expect, test } from 'vitest';
import { createUsageAccumulator } from './create-usage-accumulator';

test('reads message_start, message_delta and Bedrock invocation metrics without losing reported counts', () => {
  const usage = createUsageAccumulator();
  expect(usage.reported()).toBe(false);
  usage.push({
    type: 'message_start',
    message: {
      id: 'm',
      type: 'message',
      role: 'assistant',
      model: 'x',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 50, output_tokens: 1, cache_read_input_tokens: 7 },
    },
  });
  // Older Anthropic versions send only output_tokens here: the input count must survive.
  usage.push({
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: 20 },
  });
  usage.push({
    type: 'message_stop',
    'amazon-bedrock-invocationMetrics': {
      inputTokenCount: 50,
      outputTokenCount: 21,
      cacheWriteInputTokenCount: 3,
    },
  });
  expect(usage.reported()).toBe(true);
  expect(usage.current()).toEqual({
    input_tokens: 50,
    output_tokens: 21,
    cache_read_input_tokens: 7,
    cache_creation_input_tokens: 3,
  });
});
