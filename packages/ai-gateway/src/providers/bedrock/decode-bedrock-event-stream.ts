import type { Message, MessageHeaderValue } from '@smithy/eventstream-codec';
import { GatewayError } from '../../errors/gateway-error';
import { type ChunkDecoder, decodeChunks } from '../../streams/decode-chunks';
import { EventStreamFrameDecoder, type EventStreamFramePart } from './decode-event-stream-frames';
import { mapBedrockStreamException } from './map-bedrock-stream-exception';

export type BedrockStreamPart =
  | { type: 'event'; eventType: string; payload: unknown }
  | { type: 'error'; error: GatewayError };

/** AWS messages are short; longer ones are cut so a payload is never echoed whole. */
const MAX_UPSTREAM_MESSAGE_LENGTH = 500;

/**
 * Decodes a Bedrock streaming response (InvokeModelWithResponseStream or ConverseStream) into
 * events. Invoke `chunk` events carry the model's own JSON base64-encoded in `bytes` (for Claude,
 * the Anthropic stream event); Converse events are the union member named by `:event-type`.
 * An exception frame, a bad checksum, a truncated frame or a payload that is not JSON ends the
 * sequence with exactly one error part, never a silent normal end; an error of `body` itself (a
 * reset, an idle timeout) propagates unchanged (the one stream-failure rule of every decoder).
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
export function decodeBedrockEventStream(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<BedrockStreamPart> {
  return decodeChunks(body, new BedrockEventDecoder());
}

/** The same, one received chunk at a time and synchronously (streams/decode-chunks.ts). */
export class BedrockEventDecoder implements ChunkDecoder<BedrockStreamPart> {
  private readonly frames = new EventStreamFrameDecoder();
  private failed = false;

  push(chunk: Uint8Array): BedrockStreamPart[] {
    return this.failed ? [] : this.toParts(this.frames.push(chunk));
  }

  end(): BedrockStreamPart[] {
    return this.failed ? [] : this.toParts(this.frames.end());
  }

  private toParts(frameParts: readonly EventStreamFramePart[]): BedrockStreamPart[] {
    const parts: BedrockStreamPart[] = [];
    for (const part of frameParts) {
      const result: BedrockStreamPart =
        part.type === 'error'
          ? { type: 'error', error: streamError(part.message) }
          : toStreamPart(part.frame);
      parts.push(result);
      if (result.type === 'error') {
        this.failed = true;
        break;
      }
    }
    return parts;
  }
}

function toStreamPart(frame: Message): BedrockStreamPart {
  const messageType = stringHeader(frame, ':message-type');
  switch (messageType) {
    case 'event':
      return eventPart(frame);
    case 'exception': {
      const exceptionType = stringHeader(frame, ':exception-type') ?? 'unknown';
      return { type: 'error', error: mapBedrockStreamException(exceptionType, payloadMessage(frame.body)) };
    }
    case 'error': {
      const errorCode = stringHeader(frame, ':error-code') ?? 'unknown';
      const errorMessage = stringHeader(frame, ':error-message');
      return {
        type: 'error',
        error: mapBedrockStreamException(
          errorCode,
          errorMessage === undefined ? undefined : clean(errorMessage),
        ),
      };
    }
    default:
      return {
        type: 'error',
        error: streamError(
          messageType === undefined
            ? 'a Bedrock event stream frame has no :message-type header'
            : `a Bedrock event stream frame has an unknown :message-type "${messageType.slice(0, 50)}"`,
        ),
      };
  }
}

function eventPart(frame: Message): BedrockStreamPart {
  const eventType = stringHeader(frame, ':event-type');
  if (eventType === undefined) {
    return { type: 'error', error: streamError('a Bedrock event frame has no :event-type header') };
  }
  if (eventType === 'chunk') {
    // InvokeModelWithResponseStream: `{"bytes":"<base64 model JSON>","p":"<padding>"}` (PayloadPart).
    const bytes = chunkBytesOf(frame.body);
    const modelEvent = bytes === undefined ? undefined : parseJson(decodeBase64(bytes));
    if (modelEvent === undefined) {
      return {
        type: 'error',
        error: streamError('a Bedrock "chunk" event does not carry base64-encoded JSON'),
      };
    }
    return { type: 'event', eventType, payload: modelEvent };
  }
  const payload = parseJson(frame.body);
  if (payload === undefined) {
    return { type: 'error', error: streamError(`the payload of a Bedrock "${eventType}" event is not JSON`) };
  }
  return { type: 'event', eventType, payload };
}

/** `{"bytes":"…"}` or `{"bytes":"…","p":"…"}` with an alphanumeric padding, as Bedrock writes it. */
const PAYLOAD_PART_TAIL = /^(?:,"p":"[A-Za-z0-9]*")?}$/;

/**
 * The `bytes` of a chunk's PayloadPart. Bedrock's own layout is read without a JSON parse (base64
 * has no `"` or `\`, so the value ends at the next quote); anything else goes through JSON.parse.
 */
function chunkBytesOf(body: Uint8Array): string | undefined {
  // Bedrock's layout is ASCII: read as latin1 (no UTF-8 validation), checked by shape here and
  // by the strict base64 decode after; anything else is decoded and parsed properly.
  const ascii = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  if (ascii.startsWith('{"bytes":"')) {
    const end = ascii.indexOf('"', 10);
    if (end !== -1 && PAYLOAD_PART_TAIL.test(ascii.slice(end + 1))) return ascii.slice(10, end);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(utf8.decode(body));
  } catch {
    return undefined;
  }
  const bytes = (payload as { bytes?: unknown } | null)?.bytes;
  return typeof bytes === 'string' ? bytes : undefined;
}

function stringHeader(frame: Message, name: string): string | undefined {
  const header: MessageHeaderValue | undefined = frame.headers[name];
  return header?.type === 'string' ? header.value : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parsed JSON, or `undefined` for bytes that are not UTF-8 JSON (JSON `null` is not a valid payload here). */
function parseJson(bytes: Uint8Array | undefined): unknown {
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(utf8.decode(bytes)) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Node's native decoder, made strict: `Buffer.from(…, 'base64')` silently skips characters that
 * are not base64 (and accepts the URL alphabet), so the decoded length is checked against what
 * `text` must decode to, and the URL-alphabet characters are refused. (`atob` + a per-character
 * copy was a third of the decode-and-translate time; a validating regex another 2%.)
 */
function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength !== (text.length / 4) * 3 - padding) return undefined;
  if (text.includes('-') || text.includes('_')) return undefined;
  return bytes;
}

/** The `message` (or `Message`) of an exception frame's JSON payload. */
function payloadMessage(body: Uint8Array): string | undefined {
  const payload = parseJson(body);
  if (typeof payload !== 'object' || payload === null) return undefined;
  const record = payload as Record<string, unknown>;
  const message = [record.message, record.Message].find((value) => typeof value === 'string');
  return typeof message === 'string' ? clean(message) : undefined;
}

function clean(message: string): string {
  const singleLine = message.replace(/\s+/g, ' ').trim();
  return singleLine.length > MAX_UPSTREAM_MESSAGE_LENGTH
    ? `${singleLine.slice(0, MAX_UPSTREAM_MESSAGE_LENGTH)}…`
    : singleLine;
}

function streamError(reason: string): GatewayError {
  return new GatewayError({
    code: 'upstream_stream_error',
    status: 502,
    message: `The Bedrock response stream failed: ${reason}.`,
  });
}
