import type { Message, MessageHeaderValue } from '@smithy/eventstream-codec';
import { describe, expect, it } from 'vitest';
import {
  decodeEventStreamFrames,
  EventStreamFrameDecoder,
  type EventStreamFramePart,
} from './decode-event-stream-frames';
import { readFixture, readFixtureText } from './sigv4-test-support';

/** AWS's cross-SDK codec vectors (aws-sdk-go private/protocol/eventstream/testdata, Apache-2.0). */
const VECTORS = 'eventstream/aws-sdk-go-testdata';
const POSITIVE = [
  'all_headers',
  'empty_message',
  'int32_header',
  'payload_no_headers',
  'payload_one_str_header',
];
const NEGATIVE = ['corrupted_header_len', 'corrupted_headers', 'corrupted_length', 'corrupted_payload'];

type ExpectedHeader = { name: string; type: number; value: unknown };
type ExpectedFrame = { headers: ExpectedHeader[]; payload: string };

async function collect(chunks: Iterable<Uint8Array>): Promise<EventStreamFramePart[]> {
  async function* source() {
    yield* chunks;
  }
  const parts: EventStreamFramePart[] = [];
  for await (const part of decodeEventStreamFrames(source())) parts.push(part);
  return parts;
}

function frames(parts: EventStreamFramePart[]): Message[] {
  return parts.flatMap((part) => (part.type === 'frame' ? [part.frame] : []));
}

function oneBytePerChunk(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (_, index) => bytes.subarray(index, index + 1));
}

/** The decoded JSON's type codes (0..9) as smithy names them, with values in the JSON's notation. */
function describeHeader(header: MessageHeaderValue): { type: number; value: unknown } {
  switch (header.type) {
    case 'boolean':
      return { type: header.value ? 0 : 1, value: header.value };
    case 'byte':
      return { type: 2, value: header.value };
    case 'short':
      return { type: 3, value: header.value };
    case 'integer':
      return { type: 4, value: header.value };
    case 'long':
      return { type: 5, value: header.value.valueOf() };
    case 'binary':
      return { type: 6, value: Buffer.from(header.value).toString('base64') };
    case 'string':
      return { type: 7, value: Buffer.from(header.value, 'utf8').toString('base64') };
    case 'timestamp':
      return { type: 8, value: header.value.getTime() };
    case 'uuid':
      return { type: 9, value: Buffer.from(header.value.replaceAll('-', ''), 'hex').toString('base64') };
  }
}

function expectFrame(frame: Message, expected: ExpectedFrame): void {
  const actual = Object.entries(frame.headers).map(([name, header]) => ({ name, ...describeHeader(header) }));
  expect(actual).toEqual(expected.headers);
  expect(Buffer.from(frame.body).toString('base64')).toBe(expected.payload);
}

describe('decodeEventStreamFrames with the AWS codec vectors', () => {
  it.each(POSITIVE)('decodes %s', async (name) => {
    const expected = JSON.parse(readFixtureText(`${VECTORS}/decoded/positive/${name}`)) as ExpectedFrame;
    const parts = await collect([readFixture(`${VECTORS}/encoded/positive/${name}`)]);
    expect(parts).toHaveLength(1);
    expectFrame(frames(parts)[0] as Message, expected);
  });

  it('decodes all positive vectors back to back, split at every byte boundary', async () => {
    const stream = Buffer.concat(POSITIVE.map((name) => readFixture(`${VECTORS}/encoded/positive/${name}`)));
    const expected = POSITIVE.map(
      (name) => JSON.parse(readFixtureText(`${VECTORS}/decoded/positive/${name}`)) as ExpectedFrame,
    );
    for (let split = 0; split <= stream.length; split++) {
      const parts = await collect([stream.subarray(0, split), stream.subarray(split)]);
      expect(parts.every((part) => part.type === 'frame')).toBe(true);
      for (const [index, frame] of frames(parts).entries())
        expectFrame(frame, expected[index] as ExpectedFrame);
    }
    const byteByByte = await collect(oneBytePerChunk(stream));
    expect(frames(byteByByte)).toHaveLength(POSITIVE.length);
  });

  it.each(NEGATIVE)('reports %s as one error part, whole or byte by byte', async (name) => {
    const expectedText = readFixtureText(`${VECTORS}/decoded/negative/${name}`).trim();
    const bytes = readFixture(`${VECTORS}/encoded/negative/${name}`);
    for (const chunks of [[bytes], oneBytePerChunk(bytes)]) {
      const parts = await collect(chunks);
      expect(parts).toHaveLength(1);
      const part = parts[0] as EventStreamFramePart;
      expect(part.type).toBe('error');
      const message = part.type === 'error' ? part.message : '';
      if (expectedText === 'Prelude checksum mismatch') expect(message).toMatch(/prelude checksum/);
      else expect(message).toMatch(/checksum/);
    }
  });
});

describe('decodeEventStreamFrames failure modes', () => {
  const frame = readFixture(`${VECTORS}/encoded/positive/payload_one_str_header`);

  it('reports a body that ends inside a frame', async () => {
    const parts = await collect([frame, frame.subarray(0, frame.length - 1)]);
    expect(parts.map((part) => part.type)).toEqual(['frame', 'error']);
    expect(parts[1]).toEqual({
      type: 'error',
      message: 'the Bedrock event stream ended inside a frame (60 of 61 bytes received)',
    });
  });

  it('reports a body that ends inside a prelude', async () => {
    const parts = await collect([frame.subarray(0, 5)]);
    expect(parts).toEqual([
      { type: 'error', message: 'the Bedrock event stream ended inside a frame (5 bytes received)' },
    ]);
  });

  it('lets a broken body propagate unchanged after the frames before it (framing faults alone are parts)', async () => {
    const failure = new Error('socket hang up');
    async function* broken() {
      yield frame;
      throw failure;
    }
    const parts: EventStreamFramePart[] = [];
    const reading = (async () => {
      for await (const part of decodeEventStreamFrames(broken())) parts.push(part);
    })();
    await expect(reading).rejects.toBe(failure);
    expect(parts.map((part) => part.type)).toEqual(['frame']);
  });

  it('reads a ReadableStream and cancels it when the consumer stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(frame);
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const part of decodeEventStreamFrames(body)) {
      expect(part.type).toBe('frame');
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('EventStreamFrameDecoder (the synchronous decoder under decodeEventStreamFrames)', () => {
  it('gives each chunk the frames it completes, and the end a truncated frame as an error', () => {
    const frame = readFixture(`${VECTORS}/encoded/positive/payload_one_str_header`);
    const decoder = new EventStreamFrameDecoder();
    expect(decoder.push(frame.subarray(0, 5))).toEqual([]);
    const twoAndABit = new Uint8Array([...frame.subarray(5), ...frame, ...frame.subarray(0, 3)]);
    expect(decoder.push(twoAndABit).map((part) => part.type)).toEqual(['frame', 'frame']);
    expect(decoder.end()).toEqual([
      { type: 'error', message: 'the Bedrock event stream ended inside a frame (3 bytes received)' },
    ]);
  });

  it('gives nothing after its first error part', () => {
    const corrupted = readFixture(`${VECTORS}/encoded/negative/corrupted_payload`);
    const good = readFixture(`${VECTORS}/encoded/positive/payload_one_str_header`);
    const decoder = new EventStreamFrameDecoder();
    expect(decoder.push(corrupted).map((part) => part.type)).toEqual(['error']);
    expect(decoder.push(good)).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });
});
