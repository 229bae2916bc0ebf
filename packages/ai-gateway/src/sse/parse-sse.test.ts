import { describe, expect, test } from 'vitest';
import { parseSse, parseSseParts, type SseMessage } from './parse-sse';

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

describe('parseSseParts caps and failure rule (issue 17 #6)', () => {
  const collectParts = async (source: AsyncIterable<Uint8Array>, options = {}) => {
    const parts = [];
    for await (const part of parseSseParts(source, options)) parts.push(part);
    return parts;
  };

  test('a line past the cap becomes one typed error part, after the events before it', async () => {
    const parts = await collectParts(
      toAsync([encoder.encode('data: ok\n\ndata: '), encoder.encode('x'.repeat(2000))]),
      {
        maxLineLength: 1000,
      },
    );
    expect(parts.map((part) => part.type)).toEqual(['message', 'error']);
    const last = parts[1];
    expect(last?.type === 'error' && last.error.status).toBe(502);
    expect(last?.type === 'error' && last.error.message).toMatch(/line longer than 1000 bytes/);
  });

  test('an event past the cap (many short data lines) becomes an error part', async () => {
    const parts = await collectParts(toAsync([encoder.encode('data: 0123456789\n'.repeat(200))]), {
      maxEventLength: 1000,
    });
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_stream_error' } });
  });

  test('an error thrown by the source propagates unchanged', async () => {
    const failure = new Error('socket reset');
    async function* failing(): AsyncIterable<Uint8Array> {
      yield encoder.encode('data: a\n\n');
      throw failure;
    }
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const part of parseSseParts(failing())) seen.push(part);
      })(),
    ).rejects.toBe(failure);
    expect(seen).toHaveLength(1);
  });

  test('a 32 MB line in 64 KB chunks is refused at the 8 MB default in linear time', async () => {
    const chunk = encoder.encode('x'.repeat(64 * 1024));
    async function* hostile(): AsyncIterable<Uint8Array> {
      yield encoder.encode('data: ');
      for (let index = 0; index < 512; index++) yield chunk;
    }
    const started = performance.now();
    const parts = await collectParts(hostile());
    expect(parts).toHaveLength(1);
    expect(parts[0]?.type).toBe('error');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('a long line split into many chunks is scanned once (no quadratic re-scan)', async () => {
    const pieces = Array.from({ length: 2000 }, () => encoder.encode('y'.repeat(2048)));
    const started = performance.now();
    const parts = await collectParts(toAsync([encoder.encode('data: '), ...pieces, encoder.encode('\n\n')]));
    expect(parts).toHaveLength(1);
    expect(parts[0]?.type === 'message' && parts[0].data.length).toBe(2000 * 2048);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
