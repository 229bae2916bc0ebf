import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { AnthropicStreamEvent } from './anthropic-types';
import { createAnthropicToOpenAiChunks } from './create-anthropic-to-openai-chunks';
import type { OpenAiChatChunk } from './openai-types';

const options = { id: 'chatcmpl-1', created: 1700000000, model: 'public-model' };

const start: AnthropicStreamEvent = {
  type: 'message_start',
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'internal',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 1, cache_read_input_tokens: 30 },
  },
};

function run(
  events: AnthropicStreamEvent[],
  includeUsage: boolean,
  jsonResponseTool?: string,
): OpenAiChatChunk[] {
  const mapper = createAnthropicToOpenAiChunks({ ...options, includeUsage, jsonResponseTool });
  return [...events.flatMap((event) => mapper.push(event)), ...mapper.finish()];
}

describe('createAnthropicToOpenAiChunks', () => {
  test('text then a tool call: role first, dense tool index 0, finish, usage last', () => {
    const chunks = run(
      [
        start,
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
        { type: 'content_block_stop', index: 0 },
        {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'tool_use', id: 'tu_1', name: 'f', input: {} },
        },
        { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"a":' } },
        { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '1}' } },
        { type: 'content_block_stop', index: 1 },
        {
          type: 'message_delta',
          delta: { stop_reason: 'tool_use', stop_sequence: null },
          usage: { output_tokens: 9 },
        },
        { type: 'message_stop' },
      ],
      true,
    );
    expect(
      chunks.map((chunk) => [chunk.choices[0]?.delta, chunk.choices[0]?.finish_reason ?? null, chunk.usage]),
    ).toEqual([
      [{ role: 'assistant', content: '' }, null, null],
      [{ content: 'Hi' }, null, null],
      [
        { tool_calls: [{ index: 0, id: 'tu_1', type: 'function', function: { name: 'f', arguments: '' } }] },
        null,
        null,
      ],
      [{ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }, null, null],
      [{ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }, null, null],
      [{}, 'tool_calls', null],
      [
        undefined,
        null,
        {
          prompt_tokens: 42,
          completion_tokens: 9,
          total_tokens: 51,
          prompt_tokens_details: { cached_tokens: 30 },
        },
      ],
    ]);
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.every((chunk) => chunk.id === 'chatcmpl-1' && chunk.model === 'public-model')).toBe(true);
  });

  test('thinking goes to reasoning_content; the response_format tool streams as content', () => {
    const chunks = run(
      [
        start,
        {
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        },
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hmm' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
        { type: 'content_block_stop', index: 0 },
        {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'tool_use', id: 't', name: 'answer', input: {} },
        },
        {
          type: 'content_block_delta',
          index: 1,
          delta: { type: 'input_json_delta', partial_json: '{"x":2}' },
        },
        { type: 'content_block_stop', index: 1 },
        {
          type: 'message_delta',
          delta: { stop_reason: 'tool_use', stop_sequence: null },
          usage: { output_tokens: 3 },
        },
        { type: 'message_stop' },
      ],
      false,
      'answer',
    );
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'hmm' },
      // The whole block with its signature, once it ends, to be sent back next turn.
      { thinking_blocks: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }] },
      { content: '{"x":2}' },
      {},
    ]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
  });

  test('an upstream error event throws a GatewayError for the pipeline to encode', () => {
    const mapper = createAnthropicToOpenAiChunks({ ...options, includeUsage: false });
    expect(() =>
      mapper.push({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    ).toThrow(expect.objectContaining({ code: 'upstream_stream_error', status: 502 }));
  });

  type Block =
    | { kind: 'text'; fragments: string[] }
    | { kind: 'tool'; input: Record<string, unknown>; cuts: number[] };

  const blockArbitrary: fc.Arbitrary<Block> = fc.oneof(
    fc.record({
      kind: fc.constant('text' as const),
      fragments: fc.array(fc.string({ minLength: 1 }), { maxLength: 5 }),
    }),
    fc.record({
      kind: fc.constant('tool' as const),
      input: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }),
      cuts: fc.array(fc.nat(), { maxLength: 6 }),
    }),
  );

  function split(text: string, cuts: number[]): string[] {
    const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
    const pieces: string[] = [];
    let previous = 0;
    for (const point of [...points, text.length]) {
      pieces.push(text.slice(previous, point));
      previous = point;
    }
    return pieces;
  }

  test('property: any valid Anthropic event sequence gives a valid OpenAI chunk sequence', () => {
    fc.assert(
      fc.property(
        fc.array(blockArbitrary, { maxLength: 6 }),
        fc.boolean(),
        fc.constantFrom('end_turn', 'max_tokens', 'tool_use', 'stop_sequence'),
        (blocks, includeUsage, stopReason) => {
          const events: AnthropicStreamEvent[] = [start, { type: 'ping' }];
          const expectedArguments: string[] = [];
          const expectedIds: string[] = [];
          let expectedText = '';
          blocks.forEach((block, index) => {
            if (block.kind === 'text') {
              events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
              for (const text of block.fragments) {
                expectedText += text;
                events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
              }
            } else {
              const id = `toolu_${index}`;
              const json = JSON.stringify(block.input);
              expectedIds.push(id);
              expectedArguments.push(json);
              events.push({
                type: 'content_block_start',
                index,
                content_block: { type: 'tool_use', id, name: `tool_${index}`, input: {} },
              });
              for (const partial_json of split(json, block.cuts)) {
                events.push({
                  type: 'content_block_delta',
                  index,
                  delta: { type: 'input_json_delta', partial_json },
                });
              }
            }
            events.push({ type: 'content_block_stop', index });
          });
          events.push(
            {
              type: 'message_delta',
              delta: { stop_reason: stopReason, stop_sequence: null },
              usage: { output_tokens: 7 },
            },
            { type: 'message_stop' },
          );

          const chunks = run(events, includeUsage);

          expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
          const withChoices = chunks.filter((chunk) => chunk.choices.length > 0);
          const finishes = withChoices.filter((chunk) => chunk.choices[0]?.finish_reason != null);
          expect(finishes).toHaveLength(1);
          expect(withChoices.at(-1)).toBe(finishes[0]);

          const text = withChoices.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
          expect(text).toBe(expectedText);

          const argumentsByIndex: string[] = [];
          const idsByIndex: string[] = [];
          for (const chunk of withChoices) {
            for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
              if (call.index === argumentsByIndex.length) {
                // A call's first delta: dense next index, with id, type, name and empty arguments.
                expect(call).toMatchObject({ type: 'function', function: { arguments: '' } });
                expect(call.function?.name).toMatch(/^tool_/);
                idsByIndex.push(call.id ?? '');
                argumentsByIndex.push('');
              } else {
                expect(call.index).toBeLessThan(argumentsByIndex.length);
                expect(call.id).toBeUndefined();
                argumentsByIndex[call.index] += call.function?.arguments ?? '';
              }
            }
          }
          expect(idsByIndex).toEqual(expectedIds);
          expect(argumentsByIndex).toEqual(expectedArguments);

          const usageChunks = chunks.filter((chunk) => chunk.choices.length === 0);
          if (includeUsage) {
            expect(usageChunks).toHaveLength(1);
            expect(chunks.at(-1)).toBe(usageChunks[0]);
            expect(chunks.at(-1)?.usage?.completion_tokens).toBe(7);
          } else {
            expect(usageChunks).toHaveLength(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
