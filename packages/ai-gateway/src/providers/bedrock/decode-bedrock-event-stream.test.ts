import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BedrockStreamPart, decodeBedrockEventStream } from './decode-bedrock-event-stream';
import { readFixture, readFixtureText } from './sigv4-test-support';

/** Real Bedrock bodies (CopilotKit/aimock, MIT) and their per-frame decodes; see __fixtures__/SOURCE.txt. */
const CAPTURES = 'eventstream/bedrock-live-captures';
const INVOKE = `${CAPTURES}/invoke-with-response-stream_anthropic-claude-sonnet-4-5_tooluse-maxtokens`;
const CONVERSE = `${CAPTURES}/converse-stream_claude-sonnet-4-5_tooluse-maxtokens`;

type DecodedFrame = { headers: Record<string, string>; payload: string; payload_bytes_decoded?: string };

function decodedLines(capture: string): DecodedFrame[] {
  return readFixtureText(`${capture}.decoded.jsonl`)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DecodedFrame);
}

function expectedParts(capture: string): BedrockStreamPart[] {
  return decodedLines(capture).map((frame) => ({
    type: 'event',
    eventType: frame.headers[':event-type'] as string,
    payload: JSON.parse(frame.payload_bytes_decoded ?? frame.payload),
  }));
}

async function decodeChunks(chunks: Uint8Array[]): Promise<BedrockStreamPart[]> {
  async function* source() {
    yield* chunks;
  }
  const parts: BedrockStreamPart[] = [];
  for await (const part of decodeBedrockEventStream(source())) parts.push(part);
  return parts;
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts)].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const text = (value: string) => ({ type: 'string' as const, value });

function frame(headers: MessageHeaders, payload: string): Uint8Array {
  return codec.encode({ headers, body: fromUtf8(payload) });
}

function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return frame(
    {
      ':message-type': text('exception'),
      ':exception-type': text(exceptionType),
      ':content-type': text('application/json'),
    },
    JSON.stringify({ message }),
  );
}

function chunkFrame(modelEvent: unknown): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(modelEvent)).toString('base64');
  return frame(
    {
      ':event-type': text('chunk'),
      ':content-type': text('application/json'),
      ':message-type': text('event'),
    },
    JSON.stringify({ bytes, p: 'abcd' }),
  );
}

describe.each([
  ['invoke-with-response-stream', INVOKE],
  ['converse-stream', CONVERSE],
])('decodeBedrockEventStream with the live %s capture', (_, capture) => {
  const body = new Uint8Array(readFixture(`${capture}.eventstream`));
  const expected = expectedParts(capture);

  it('decodes the body fed whole', async () => {
    expect(await decodeChunks([body])).toEqual(expected);
  });

  it('decodes the body fed one byte at a time', async () => {
    expect(
      await decodeChunks(
        splitAt(
          body,
          Array.from({ length: body.length }, (_, index) => index),
        ),
      ),
    ).toEqual(expected);
  });

  it('decodes the body at random split points', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: body.length }), { maxLength: 40 }),
        async (cuts) => {
          expect(await decodeChunks(splitAt(body, cuts))).toEqual(expected);
        },
      ),
      { numRuns: 200, seed: 20250929 },
    );
  });

  it('reads a ReadableStream body', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of splitAt(body, [7, 100, 101, 700])) controller.enqueue(chunk);
        controller.close();
      },
    });
    const parts: BedrockStreamPart[] = [];
    for await (const part of decodeBedrockEventStream(stream)) parts.push(part);
    expect(parts).toEqual(expected);
  });
});

describe('decodeBedrockEventStream content', () => {
  it('yields the Anthropic events of an invoke stream, ending with invocation metrics', async () => {
    const parts = await decodeChunks([new Uint8Array(readFixture(`${INVOKE}.eventstream`))]);
    const events = parts.map((part) =>
      part.type === 'event' ? (part.payload as { type: string }) : undefined,
    );
    expect(events[0]?.type).toBe('message_start');
    expect(events.at(-1)).toMatchObject({
      type: 'message_stop',
      'amazon-bedrock-invocationMetrics': { inputTokenCount: 692, outputTokenCount: 32 },
    });
  });

  it('names converse events by their :event-type', async () => {
    const parts = await decodeChunks([new Uint8Array(readFixture(`${CONVERSE}.eventstream`))]);
    expect(parts.map((part) => (part.type === 'event' ? part.eventType : 'error'))).toEqual([
      'messageStart',
      'contentBlockStart',
      'contentBlockDelta',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
  });
});

describe('decodeBedrockEventStream errors', () => {
  const start = chunkFrame({ type: 'message_start', message: { id: 'msg_1' } });
  const delta = chunkFrame({
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'text_delta', text: 'Hi' },
  });

  it('ends with exactly one error part after an exception frame mid-stream', async () => {
    const body = Buffer.concat([
      start,
      delta,
      exceptionFrame('modelStreamErrorException', 'Model stream failed'),
      delta,
    ]);
    for (const chunks of [
      [body],
      splitAt(
        body,
        Array.from({ length: body.length }, (_, index) => index),
      ),
    ]) {
      const parts = await decodeChunks(chunks);
      expect(parts.map((part) => part.type)).toEqual(['event', 'event', 'error']);
      const last = parts[2] as Extract<BedrockStreamPart, { type: 'error' }>;
      expect(last.error).toMatchObject({ code: 'upstream_stream_error', status: 502, retryable: false });
      expect(last.error.message).toContain('Model stream failed');
    }
  });

  it.each([
    ['modelStreamErrorException', 502, 'upstream_stream_error', false],
    ['throttlingException', 429, 'upstream_rate_limited', true],
    ['validationException', 400, 'upstream_bad_request', false],
    ['internalServerException', 503, 'upstream_unavailable', true],
    ['serviceUnavailableException', 503, 'upstream_unavailable', true],
    ['modelTimeoutException', 408, 'upstream_timeout', false],
    ['somethingNewException', 502, 'upstream_stream_error', false],
  ] as const)('maps %s to %i', async (exceptionType, status, code, retryable) => {
    const parts = await decodeChunks([start, exceptionFrame(exceptionType, 'detail')]);
    expect(parts).toHaveLength(2);
    expect(parts[1]).toMatchObject({ type: 'error', error: { status, code, retryable } });
  });

  it('maps an unmodeled error frame (:message-type error)', async () => {
    const error = frame(
      {
        ':message-type': text('error'),
        ':error-code': text('ThrottlingException'),
        ':error-message': text('Too many requests'),
      },
      '',
    );
    const parts = await decodeChunks([start, error]);
    expect(parts[1]).toMatchObject({ type: 'error', error: { status: 429, retryable: true } });
  });

  it.each([
    [
      'a payload that is not JSON',
      frame({ ':message-type': text('event'), ':event-type': text('messageStart') }, '{"role":'),
      /not JSON/,
    ],
    [
      'a chunk whose bytes are not base64 JSON',
      frame(
        { ':message-type': text('event'), ':event-type': text('chunk') },
        JSON.stringify({ bytes: Buffer.from('not json').toString('base64') }),
      ),
      /base64-encoded JSON/,
    ],
    ['a frame without :message-type', frame({ ':event-type': text('chunk') }, '{}'), /no :message-type/],
    ['a frame without :event-type', frame({ ':message-type': text('event') }, '{}'), /no :event-type/],
  ])('reports %s as a 502 error part', async (_, badFrame, message) => {
    const parts = await decodeChunks([start, badFrame, delta]);
    expect(parts.map((part) => part.type)).toEqual(['event', 'error']);
    const error = (parts[1] as Extract<BedrockStreamPart, { type: 'error' }>).error;
    expect(error).toMatchObject({ status: 502, code: 'upstream_stream_error' });
    expect(error.message).toMatch(message);
  });

  it.each(['corrupted_header_len', 'corrupted_headers', 'corrupted_length', 'corrupted_payload'])(
    'reports the AWS negative vector %s as one 502 error part',
    async (name) => {
      const corrupted = readFixture(`eventstream/aws-sdk-go-testdata/encoded/negative/${name}`);
      const parts = await decodeChunks([start, corrupted]);
      expect(parts.map((part) => part.type)).toEqual(['event', 'error']);
      expect(parts[1]).toMatchObject({ error: { status: 502, code: 'upstream_stream_error' } });
      expect((parts[1] as Extract<BedrockStreamPart, { type: 'error' }>).error.message).toMatch(/checksum/);
    },
  );

  it.each([
    ['not base64 at all', '{"bytes":"e30$","p":"ab"}'],
    ['base64 with a space inside', '{"bytes":"e3 0=","p":"ab"}'],
    ['the URL alphabet', `{"bytes":"${Buffer.from('{"a":"??>"}').toString('base64url')}"}`],
    ['a length that is not a multiple of 4', '{"bytes":"e30"}'],
    ['padding in the middle', '{"bytes":"e3=0"}'],
  ])('refuses a chunk whose bytes are %s', async (_, payload) => {
    const chunk = frame(
      {
        ':event-type': text('chunk'),
        ':message-type': text('event'),
        ':content-type': text('application/json'),
      },
      payload,
    );
    const parts = await decodeChunks([chunk]);
    expect(parts).toHaveLength(1);
    expect((parts[0] as Extract<BedrockStreamPart, { type: 'error' }>).error.message).toMatch(
      /does not carry base64-encoded JSON/,
    );
  });

  it('reads a chunk payload laid out differently from Bedrock (other key order, spaces) through JSON', async () => {
    const bytes = Buffer.from(JSON.stringify({ type: 'ping' })).toString('base64');
    const chunk = frame(
      {
        ':event-type': text('chunk'),
        ':message-type': text('event'),
        ':content-type': text('application/json'),
      },
      `{ "p": "x", "bytes": "${bytes}" }`,
    );
    expect(await decodeChunks([chunk])).toEqual([
      { type: 'event', eventType: 'chunk', payload: { type: 'ping' } },
    ]);
  });

  it('reports a truncated body instead of ending silently', async () => {
    const parts = await decodeChunks([start, delta.subarray(0, delta.length - 3)]);
    expect(parts.map((part) => part.type)).toEqual(['event', 'error']);
    expect((parts[1] as Extract<BedrockStreamPart, { type: 'error' }>).error.message).toMatch(
      /ended inside a frame/,
    );
  });

  it('lets a failure of the body itself propagate unchanged, after the events before it', async () => {
    // The one stream-failure rule (issue 11): framing faults are error parts; the source's own
    // error (a reset, an idle timeout) reaches the pipeline as itself, which maps it without
    // its message (pipeline/finish-upstream-stream.ts).
    const failure = new Error('ECONNRESET secret-ish detail');
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield start;
      throw failure;
    }
    const parts: BedrockStreamPart[] = [];
    const reading = (async () => {
      for await (const part of decodeBedrockEventStream(failing())) parts.push(part);
    })();
    await expect(reading).rejects.toBe(failure);
    expect(parts.map((part) => part.type)).toEqual(['event']);
  });
});
