import { EventStreamCodec, type Message, type MessageHeaderValue } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { GatewayError, isGatewayError } from '../../errors/gateway-error';
import type { NativeStreamPart } from '../types';
import { usageFromModelJson } from './bedrock-native-usage';
import { decodeEventStreamFrames } from './decode-event-stream-frames';
import { mapBedrockStreamException } from './map-bedrock-stream-exception';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const utf8 = new TextDecoder();

/**
 * Relays a Bedrock event stream frame by frame: each frame is checked (both CRCs) and passed on
 * as one whole frame, the bytes Bedrock sent, so the caller's SDK parses
 * exactly what Bedrock sent. Usage is read from the frames on the way. An exception frame is
 * passed on as it is and ends the relay; a frame that fails its checksum (or a stream cut inside a
 * frame) is replaced by an `internalServerException` frame, so the caller's SDK raises an error
 * instead of seeing a normal end.
 */
export async function* relayBedrockEventStream(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<NativeStreamPart> {
  try {
    yield* relayFrames(chunks);
  } catch (thrown) {
    // The source failed (a reset, the idle timeout): the caller's SDK must see an error, not an end.
    const error = isGatewayError(thrown)
      ? thrown
      : new GatewayError({
          code: 'upstream_stream_error',
          status: 502,
          message: 'The Bedrock response stream broke mid-response.',
        });
    const type = error.code === 'upstream_timeout' ? 'modelTimeoutException' : 'internalServerException';
    yield { bytes: exceptionFrame(type, error.message), error };
  }
}

async function* relayFrames(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<NativeStreamPart> {
  for await (const part of decodeEventStreamFrames(chunks)) {
    if (part.type === 'error') {
      const error = new GatewayError({
        code: 'upstream_stream_error',
        status: 502,
        message: `The Bedrock response stream failed: ${part.message}.`,
      });
      yield { bytes: exceptionFrame('internalServerException', error.message), error };
      return;
    }
    const frame = part.frame;
    const bytes = part.bytes;
    const messageType = stringHeader(frame, ':message-type');
    if (messageType === 'event') {
      const usage = usageFromEvent(frame);
      yield usage === undefined ? { bytes } : { bytes, usage };
      continue;
    }
    const type = stringHeader(frame, ':exception-type') ?? stringHeader(frame, ':error-code') ?? 'unknown';
    yield { bytes, error: mapBedrockStreamException(type, messageOf(frame)) };
    return;
  }
}

/** An exception frame as Bedrock sends one (`:message-type: exception`, JSON `{"message"}`). */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'exception' },
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}

function usageFromEvent(frame: Message) {
  const eventType = stringHeader(frame, ':event-type');
  if (eventType !== 'chunk' && eventType !== 'metadata') return undefined;
  const payload = parseJson(frame.body);
  if (eventType === 'metadata') return usageFromModelJson(payload);
  // InvokeModelWithResponseStream: the model's own JSON, base64 in `bytes`.
  const bytes = (payload as { bytes?: unknown } | undefined)?.bytes;
  if (typeof bytes !== 'string') return undefined;
  return usageFromModelJson(parseJson(Buffer.from(bytes, 'base64')));
}

function stringHeader(frame: Message, name: string): string | undefined {
  const header: MessageHeaderValue | undefined = frame.headers[name];
  return header?.type === 'string' ? header.value : undefined;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
}

function messageOf(frame: Message): string | undefined {
  const payload = parseJson(frame.body) as { message?: unknown; Message?: unknown } | undefined;
  const message = payload?.message ?? payload?.Message ?? stringHeader(frame, ':error-message');
  return typeof message === 'string' ? message.slice(0, 500) : undefined;
}
