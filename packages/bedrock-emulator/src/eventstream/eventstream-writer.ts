import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

// Bedrock pads every payload with a "p" key holding a prefix of this alphabet (see the live captures).
const PADDING_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A deterministic stand-in for Bedrock's variable-length padding. */
export function padding(seed: number): string {
  return PADDING_ALPHABET.slice(0, 1 + ((seed * 7 + 3) % PADDING_ALPHABET.length));
}

function sortedWithPadding(payload: Record<string, unknown>, seed: number): Record<string, unknown> {
  const withPadding: Record<string, unknown> = { ...payload, p: padding(seed) };
  return Object.fromEntries(
    Object.keys(withPadding)
      .sort()
      .map((key) => [key, withPadding[key]]),
  );
}

/**
 * An event message with the header order Bedrock uses: `:event-type`, `:content-type`, `:message-type`.
 * https://smithy.io/2.0/aws/amazon-eventstream.html
 */
export function encodeEvent(eventType: string, payload: Record<string, unknown>, seed: number): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify(sortedWithPadding(payload, seed))),
  });
}

/** InvokeModelWithResponseStream `chunk`: the model's JSON event, base64 in `bytes`, plus padding. */
export function encodeInvokeChunk(modelEvent: unknown, seed: number): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(modelEvent), 'utf8').toString('base64');
  return encodeEvent('chunk', { bytes }, seed);
}

/** A modeled exception frame, e.g. `modelStreamErrorException`; the SDK throws it from the stream. */
export function encodeException(exceptionType: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'exception' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** The same frame with its trailing message CRC flipped, so a checking decoder must refuse it. */
export function corruptMessageCrc(frame: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(frame);
  const last = copy.length - 1;
  copy[last] = (copy[last] ?? 0) ^ 0xff;
  return copy;
}
