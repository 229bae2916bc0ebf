import { describe, expect, test } from 'vitest';
import { parseSse, type SseMessage } from './parse-sse';

const encoder = new TextEncoder();

async function collect(chunks: Uint8Array[]): Promise<SseMessage[]> {
  const result: SseMessage[] = [];
  for await (const message of parseSse(toAsync(chunks))) result.push(message);
  return result;
}

async function* toAsync(chunks: Uint8Array[]): AsyncIterable<Uint8Array> {
  yield* chunks;
}

// Every line-ending style, a comment, a multi-line data field, a field without a space, a multi-byte
// character (so some splits fall inside a UTF-8 sequence) and a trailing unterminated event.
const SAMPLE =
  '\uFEFF: keep-alive comment\n' +
  'event: message_start\r\n' +
  'data: {"a":1}\r\n' +
  '\r\n' +
  'data:first line\r' +
  'data: second lîne é\r' +
  '\r' +
  'id: 7\n' +
  'retry: 100\n' +
  'event: ping\n' +
  'data\n' +
  '\n' +
  '\n' +
  'data: [DONE]\n\n' +
  'data: unterminated';

const EXPECTED: SseMessage[] = [
  { event: 'message_start', data: '{"a":1}' },
  { event: undefined, data: 'first line\nsecond lîne é' },
  { event: 'ping', data: '' },
  { event: undefined, data: '[DONE]' },
];

describe('parseSse', () => {
  test('parses the sample in one chunk', async () => {
    expect(await collect([encoder.encode(SAMPLE)])).toEqual(EXPECTED);
  });

  test('gives the same events for every split of the sample into two chunks', async () => {
    const bytes = encoder.encode(SAMPLE);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await collect([bytes.slice(0, cut), bytes.slice(cut)]), `split at byte ${cut}`).toEqual(
        EXPECTED,
      );
    }
  });

  test('gives the same events when fed one byte at a time', async () => {
    const bytes = encoder.encode(SAMPLE);
    expect(await collect([...bytes].map((byte) => Uint8Array.of(byte)))).toEqual(EXPECTED);
  });

  test('reads a ReadableStream body', async () => {
    const body = new Response('event: a\ndata: 1\n\n').body!;
    const result: SseMessage[] = [];
    for await (const message of parseSse(body)) result.push(message);
    expect(result).toEqual([{ event: 'a', data: '1' }]);
  });
});
