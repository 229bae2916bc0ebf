import { describe, expect, it } from 'vitest';
import type { ResponsesStreamPart } from '../types';
import { openAiResponsesSupport } from './openai-responses-relay';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const context = { label: 'gpt', headers: new Headers(), messageId: 'msg_1', model: 'gpt' };

const usage = {
  input_tokens: 30,
  input_tokens_details: { cached_tokens: 10, cache_write_tokens: 5 },
  output_tokens: 7,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 37,
};
const event = (type: string, sequence: number, fields: Record<string, unknown> = {}) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence, ...fields })}\n\n`;
const completed = event('response.completed', 2, {
  response: { object: 'response', status: 'completed', incomplete_details: null, usage },
});
const STREAM = [
  event('response.created', 0, { response: { object: 'response', status: 'in_progress' } }),
  event('response.output_text.delta', 1, { item_id: 'msg_1', delta: 'héllo' }),
  completed,
].join('');

async function relay(chunks: Uint8Array[]): Promise<ResponsesStreamPart[]> {
  async function* source() {
    yield* chunks;
  }
  const parts: ResponsesStreamPart[] = [];
  for await (const part of openAiResponsesSupport.relayStream(source(), context)) parts.push(part);
  return parts;
}

const bytesOf = (parts: ResponsesStreamPart[]) =>
  parts.map((part) => (part.bytes ? decoder.decode(part.bytes) : '')).join('');

describe('openAiResponsesSupport', () => {
  it('relays every event byte for byte, split at any byte boundary, with the usage of response.completed', async () => {
    const bytes = encoder.encode(STREAM);
    for (let cut = 1; cut < bytes.length; cut++) {
      const parts = await relay([bytes.slice(0, cut), bytes.slice(cut)]);
      expect(bytesOf(parts)).toBe(STREAM);
      expect(parts.map((part) => part.type)).toEqual(['event', 'event', 'event']);
    }
    const parts = await relay([bytes]);
    expect(parts[2]).toMatchObject({
      finishReason: 'completed',
      usage: {
        input_tokens: 15,
        cache_read_input_tokens: 10,
        cache_creation_input_tokens: 5,
        output_tokens: 7,
      },
    });
  });

  it('ends a stream without response.completed with an error event after the last sequence number', async () => {
    const parts = await relay([encoder.encode(STREAM.slice(0, STREAM.indexOf(completed)))]);
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    const tail = decoder.decode(last?.bytes);
    expect(tail.startsWith('event: error\ndata: ')).toBe(true);
    expect(JSON.parse(tail.slice('event: error\ndata: '.length))).toMatchObject({
      type: 'error',
      code: 'upstream_stream_error',
      sequence_number: 2,
    });
  });

  it("passes the upstream's error and response.failed events on as errors, and refuses a non-JSON event", async () => {
    const upstreamError = event('error', 1, { code: 'server_error', message: 'boom', param: null });
    const parts = await relay([encoder.encode(event('response.created', 0) + upstreamError)]);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { status: 502 } });
    expect(decoder.decode(parts.at(-1)?.bytes)).toBe(upstreamError);
    const failed = event('response.failed', 1, {
      response: { object: 'response', status: 'failed', error: { code: 'server_error', message: 'x' } },
    });
    expect((await relay([encoder.encode(failed)])).at(-1)?.type).toBe('error');
    const broken = await relay([encoder.encode('event: response.created\ndata: {nope\n\n')]);
    expect(broken).toMatchObject([{ type: 'error', error: { code: 'upstream_stream_error' } }]);
  });

  it('reads usage and status of a whole Response; a body that is no Response is a 502 naming the model', () => {
    const text = JSON.stringify({
      object: 'response',
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      usage,
    });
    expect(openAiResponsesSupport.readAnswer(text, { label: 'gpt' })).toMatchObject({
      finishReason: 'max_output_tokens',
      usage: { input_tokens: 15, output_tokens: 7 },
    });
    expect(() => openAiResponsesSupport.readAnswer('{"object":"chat.completion"}', { label: 'gpt' })).toThrow(
      /"gpt".*object/,
    );
    expect(() => openAiResponsesSupport.readAnswer('not json', { label: 'gpt' })).toThrow(/not valid JSON/);
  });
});
