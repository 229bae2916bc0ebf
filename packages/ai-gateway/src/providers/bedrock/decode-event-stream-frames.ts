import { crc32 } from 'node:zlib';
import type { Message } from '@smithy/types';
import { type ChunkDecoder, decodeChunks } from '../../streams/decode-chunks';
import { decodeEventStreamFrame } from './decode-event-stream-frame';

/**
 * Splits an `application/vnd.amazon.eventstream` body into frames, whatever byte boundaries the
 * network chose, and decodes each (both CRCs verified, decode-event-stream-frame.ts).
 * Frame layout: total length (4) | headers length (4) | prelude CRC (4) | headers | payload | message CRC (4).
 * https://smithy.io/2.0/aws/amazon-eventstream.html
 */
export type EventStreamFramePart =
  /** `bytes`: the frame exactly as received, for relaying it unchanged. */
  { type: 'frame'; frame: Message; bytes: Uint8Array } | { type: 'error'; message: string };

const PRELUDE_LENGTH = 12;
const MINIMUM_FRAME_LENGTH = 16;
/** Spec limits: headers at most 128 KiB, payload at most 24 MiB. */
const MAXIMUM_HEADERS_LENGTH = 131_072;
const MAXIMUM_FRAME_LENGTH = MINIMUM_FRAME_LENGTH + MAXIMUM_HEADERS_LENGTH + 25_165_824;

/**
 * Yields frames, then ends; or ends with one `error` part for a framing fault (bad checksum,
 * impossible lengths, a stream ending inside a frame). An error thrown by `body` propagates unchanged.
 */
export function decodeEventStreamFrames(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<EventStreamFramePart> {
  return decodeChunks(body, new EventStreamFrameDecoder());
}

/**
 * The frames each received chunk completes, whatever byte boundaries the network chose; after
 * the first `error` part it yields nothing more. Synchronous, so a decoder built on it costs one
 * asynchronous step per chunk (streams/decode-chunks.ts).
 */
export class EventStreamFrameDecoder implements ChunkDecoder<EventStreamFramePart> {
  private readonly buffer = new ByteQueue();
  private frameLength: number | undefined;
  private failed = false;

  push(chunk: Uint8Array): EventStreamFramePart[] {
    if (this.failed) return [];
    this.buffer.push(chunk);
    const parts: EventStreamFramePart[] = [];
    for (;;) {
      if (this.frameLength === undefined) {
        if (this.buffer.length < PRELUDE_LENGTH) break;
        const prelude = readPrelude(this.buffer.peek(PRELUDE_LENGTH));
        if (typeof prelude === 'string') return this.fail(parts, prelude);
        this.frameLength = prelude;
      }
      if (this.buffer.length < this.frameLength) break;
      const frameBytes = this.buffer.take(this.frameLength);
      this.frameLength = undefined;
      let frame: Message;
      try {
        frame = decodeEventStreamFrame(frameBytes);
      } catch {
        return this.fail(parts, 'a frame of the Bedrock event stream failed its checksum or is malformed');
      }
      parts.push({ type: 'frame', frame, bytes: frameBytes });
    }
    return parts;
  }

  end(): EventStreamFramePart[] {
    if (this.failed || this.buffer.length === 0) return [];
    const expected = this.frameLength === undefined ? '' : ` of ${this.frameLength}`;
    return this.fail(
      [],
      `the Bedrock event stream ended inside a frame (${this.buffer.length}${expected} bytes received)`,
    );
  }

  private fail(parts: EventStreamFramePart[], message: string): EventStreamFramePart[] {
    this.failed = true;
    parts.push({ type: 'error', message });
    return parts;
  }
}

/** The frame's total length, or why the prelude cannot be trusted. */
function readPrelude(prelude: Uint8Array): number | string {
  const view = new DataView(prelude.buffer, prelude.byteOffset, prelude.byteLength);
  const totalLength = view.getUint32(0, false);
  const headersLength = view.getUint32(4, false);
  // Checked before waiting for the rest of the frame: a corrupt length must not make us wait for
  // (or buffer) gigabytes that will never come.
  if (view.getUint32(8, false) !== crc32(prelude.subarray(0, 8))) {
    return 'a frame of the Bedrock event stream failed its prelude checksum';
  }
  if (
    totalLength < MINIMUM_FRAME_LENGTH ||
    totalLength > MAXIMUM_FRAME_LENGTH ||
    headersLength > MAXIMUM_HEADERS_LENGTH ||
    headersLength > totalLength - MINIMUM_FRAME_LENGTH
  ) {
    return 'a frame of the Bedrock event stream has impossible lengths';
  }
  return totalLength;
}

/**
 * Received bytes not yet framed. A frame that lies inside one received chunk (the common case) is
 * handed out as a view of it; only a frame split across chunks is copied, once, when complete.
 */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.byteLength;
  }

  peek(count: number): Uint8Array {
    const first = this.chunks[0] as Uint8Array;
    return first.byteLength >= count ? first.subarray(0, count) : this.copy(count, false);
  }

  take(count: number): Uint8Array {
    const first = this.chunks[0] as Uint8Array;
    if (first.byteLength < count) return this.copy(count, true);
    this.length -= count;
    if (first.byteLength === count) this.chunks.shift();
    else this.chunks[0] = first.subarray(count);
    return first.subarray(0, count);
  }

  private copy(count: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(count);
    let written = 0;
    let index = 0;
    while (written < count) {
      const chunk = this.chunks[index] as Uint8Array;
      const used = Math.min(chunk.byteLength, count - written);
      out.set(chunk.subarray(0, used), written);
      written += used;
      if (consume && used < chunk.byteLength) this.chunks[index] = chunk.subarray(used);
      else index++;
    }
    if (consume) {
      this.chunks = this.chunks.slice(index);
      this.length -= count;
    }
    return out;
  }
}
