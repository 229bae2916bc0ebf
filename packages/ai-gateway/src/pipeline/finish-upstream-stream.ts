import { GatewayError, toGatewayError } from '../errors/gateway-error';
import type { StreamPart } from './stream-part';

/**
 * The end rule every upstream stream shares, whatever decoded it: an error the source threw (a
 * reset, an idle timeout, the caller leaving; decoders let those propagate unchanged) becomes the
 * final error part, and a stream that ends before `message_stop` ends with an error part too, so
 * no truncated answer is ever presented as complete. Never throws.
 */
export async function* finishUpstreamStream(
  parts: AsyncIterable<StreamPart>,
  label: string,
): AsyncGenerator<StreamPart> {
  let sawMessageStop = false;
  try {
    for await (const part of parts) {
      yield part;
      if (part.type === 'error') return;
      if (part.event.type === 'message_stop') sawMessageStop = true;
    }
  } catch (error) {
    yield { type: 'error', error: toGatewayError(error) };
    return;
  }
  if (!sawMessageStop) {
    yield {
      type: 'error',
      error: new GatewayError({
        code: 'upstream_stream_error',
        status: 502,
        message: `The upstream of "${label}" ended the stream before the message was complete.`,
      }),
    };
  }
}
