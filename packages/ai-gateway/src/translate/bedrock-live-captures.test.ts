import { readFixtureText } from '@gateway/aws-fixtures';
import { describe, expect, test } from 'vitest';
import type { AnthropicMessage, AnthropicStreamEvent } from './anthropic-types';
import type { ConverseResponse } from './converse-types';
import { convertAnthropicResponseToOpenAi } from './convert-anthropic-response-to-openai';
import { convertConverseResponseToAnthropic } from './convert-converse-response-to-anthropic';
import { createAnthropicToOpenAiChunks } from './create-anthropic-to-openai-chunks';
import { createConverseStreamToAnthropic } from './create-converse-stream-to-anthropic';
import { createUsageAccumulator } from './create-usage-accumulator';
import type { OpenAiChatChunk } from './openai-types';

/**
 * Real Claude Sonnet 4.5 responses captured from Bedrock (see __fixtures__/SOURCE.txt): a forced
 * `record_numbers` tool call cut off by max_tokens 32, so the tool input is still `{}`. 692 input
 * and 32 output tokens, no cache.
 */
const fixture = (name: string) => readFixtureText(`eventstream/bedrock-live-captures/${name}`);
const frames = (name: string) =>
  fixture(name)
    .trim()
    .split('\n')
    .map(
      (line) =>
        JSON.parse(line) as {
          headers: Record<string, string>;
          payload: string;
          payload_bytes_decoded?: string;
        },
    );

const ids = { id: 'chatcmpl-test', created: 1760000000, model: 'claude-sonnet' };
const expectedUsage = {
  prompt_tokens: 692,
  completion_tokens: 32,
  total_tokens: 724,
  prompt_tokens_details: { cached_tokens: 0 },
};

function invokeEvents(): AnthropicStreamEvent[] {
  return frames(
    'invoke-with-response-stream_anthropic-claude-sonnet-4-5_tooluse-maxtokens.decoded.jsonl',
  ).map((frame) => {
    const { bytes } = JSON.parse(frame.payload) as { bytes: string };
    return JSON.parse(Buffer.from(bytes, 'base64').toString('utf8')) as AnthropicStreamEvent;
  });
}

function converseEvents(): AnthropicStreamEvent[] {
  const mapper = createConverseStreamToAnthropic({ id: 'msg_test', model: 'claude-sonnet' });
  const events = frames('converse-stream_claude-sonnet-4-5_tooluse-maxtokens.decoded.jsonl').flatMap(
    (frame) => mapper.push(frame.headers[':event-type'] ?? '', JSON.parse(frame.payload)),
  );
  return [...events, ...mapper.finish()];
}

function toOpenAiChunks(events: AnthropicStreamEvent[]): OpenAiChatChunk[] {
  const chunks = createAnthropicToOpenAiChunks({ ...ids, includeUsage: true });
  return [...events.flatMap((event) => chunks.push(event)), ...chunks.finish()];
}

function expectToolCallStream(chunks: OpenAiChatChunk[], toolId: string) {
  expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
  const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
  expect(toolDeltas[0]).toEqual({
    index: 0,
    id: toolId,
    type: 'function',
    function: { name: 'record_numbers', arguments: '' },
  });
  expect(toolDeltas.every((delta) => delta.index === 0)).toBe(true);
  expect(toolDeltas.map((delta) => delta.function?.arguments ?? '').join('')).toBe('');
  const finishes = chunks.filter((chunk) => chunk.choices[0]?.finish_reason != null);
  expect(finishes.map((chunk) => chunk.choices[0]?.finish_reason)).toEqual(['length']);
  const last = chunks.at(-1);
  expect(last?.choices).toEqual([]);
  expect(last?.usage).toEqual(expectedUsage);
}

describe('Bedrock invoke (Anthropic) captures', () => {
  test('non-stream body -> OpenAI completion', () => {
    const message = JSON.parse(
      fixture('invoke_anthropic-claude-sonnet-4-5_tooluse-maxtokens.response.json'),
    ) as AnthropicMessage;
    const result = convertAnthropicResponseToOpenAi(message, ids);
    expect(result.model).toBe('claude-sonnet');
    expect(result.choices[0]?.message.tool_calls).toEqual([
      {
        id: 'toolu_bdrk_016kpA58iBHMCCJXymU64TUy',
        type: 'function',
        function: { name: 'record_numbers', arguments: '{}' },
      },
    ]);
    expect(result.choices[0]?.finish_reason).toBe('length');
    expect(result.usage).toEqual(expectedUsage);
  });

  test('stream -> OpenAI chunks, and usage from the events', () => {
    const events = invokeEvents();
    expectToolCallStream(toOpenAiChunks(events), 'toolu_bdrk_0173ctUSHAMeHcosVSXzrTXc');
    const usage = createUsageAccumulator();
    for (const event of events) usage.push(event);
    expect(usage.current()).toEqual({
      input_tokens: 692,
      output_tokens: 32,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
  });
});

describe('Bedrock Converse captures', () => {
  test('non-stream body -> Anthropic message -> OpenAI completion', () => {
    const response = JSON.parse(
      fixture('converse_claude-sonnet-4-5_tooluse-maxtokens.response.json'),
    ) as ConverseResponse;
    const message = convertConverseResponseToAnthropic(response, { model: 'claude-sonnet', id: 'msg_test' });
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'tooluse_DAQnQPaFqI4cLWd7eBLheX', name: 'record_numbers', input: {} },
    ]);
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage).toEqual({
      input_tokens: 692,
      output_tokens: 32,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
    const completion = convertAnthropicResponseToOpenAi(message, ids);
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage).toEqual(expectedUsage);
  });

  test('stream -> Anthropic events: the stop waits for metadata, which carries the usage', () => {
    const events = converseEvents();
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[1]).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: {
        type: 'tool_use',
        id: 'tooluse_oDRMhb7dEtfdOkCjisQipC',
        name: 'record_numbers',
        input: {},
      },
    });
    expect(events[3]).toMatchObject({
      delta: { stop_reason: 'max_tokens' },
      usage: { input_tokens: 692, output_tokens: 32 },
    });
  });

  test('stream -> OpenAI chunks', () => {
    expectToolCallStream(toOpenAiChunks(converseEvents()), 'tooluse_oDRMhb7dEtfdOkCjisQipC');
  });
});
