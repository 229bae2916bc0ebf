import { EventStreamCodec, Int64, type MessageHeaderValue } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEventStreamFrame } from './decode-event-stream-frame';

/** smithy's codec, the decoder this one replaced at run time, as the oracle. */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

const headerValue: fc.Arbitrary<MessageHeaderValue> = fc.oneof(
  fc.boolean().map((value) => ({ type: 'boolean' as const, value })),
  fc.integer({ min: -128, max: 127 }).map((value) => ({ type: 'byte' as const, value })),
  fc.integer({ min: -32768, max: 32767 }).map((value) => ({ type: 'short' as const, value })),
  fc.integer().map((value) => ({ type: 'integer' as const, value })),
  fc
    .integer({ min: -(2 ** 40), max: 2 ** 40 })
    .map((value) => ({ type: 'long' as const, value: Int64.fromNumber(value) })),
  fc.uint8Array({ maxLength: 40 }).map((value) => ({ type: 'binary' as const, value })),
  fc.string({ maxLength: 80 }).map((value) => ({ type: 'string' as const, value })),
  fc
    .integer({ min: 0, max: 4_102_444_800_000 })
    .map((milliseconds) => ({ type: 'timestamp' as const, value: new Date(milliseconds) })),
  fc.uuid().map((value) => ({ type: 'uuid' as const, value })),
);

/** Compares values as the wire carries them (Int64 by number, Date by time, bytes by content). */
function comparable(headers: Record<string, MessageHeaderValue>) {
  return Object.fromEntries(
    Object.entries(headers).map(([name, header]) => {
      const value = header.value;
      if (header.type === 'long') return [name, { type: header.type, value: header.value.valueOf() }];
      if (header.type === 'timestamp') return [name, { type: header.type, value: header.value.getTime() }];
      if (value instanceof Uint8Array) return [name, { type: header.type, value: [...value] }];
      return [name, { type: header.type, value }];
    }),
  );
}

describe('decodeEventStreamFrame against smithy', () => {
  it('decodes any frame smithy encodes to what smithy decodes', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 30 }), headerValue, { maxKeys: 8 }),
        fc.uint8Array({ maxLength: 2_000 }),
        (headers, body) => {
          const frame = codec.encode({ headers, body });
          const ours = decodeEventStreamFrame(frame);
          const theirs = codec.decode(frame);
          expect(comparable(ours.headers)).toEqual(comparable(theirs.headers));
          expect([...ours.body]).toEqual([...theirs.body]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a frame whose payload or headers were altered', () => {
    const frame = codec.encode({
      headers: { ':event-type': { type: 'string', value: 'chunk' } },
      body: new TextEncoder().encode('{"bytes":"e30="}'),
    });
    for (const index of [14, frame.byteLength - 6]) {
      const altered = frame.slice();
      altered[index] = (altered[index] as number) ^ 0xff;
      expect(() => decodeEventStreamFrame(altered)).toThrow(/checksum/);
    }
  });
});
