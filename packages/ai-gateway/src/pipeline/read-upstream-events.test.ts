import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { readUpstreamEvents, type StreamPart, type UpstreamStreamFormat } from './read-upstream-events';

async function collect(format: UpstreamStreamFormat, failure: GatewayError): Promise<StreamPart[]> {
  async function* body(): AsyncGenerator<Uint8Array> {
    yield new Uint8Array(0);
    throw failure;
  }
  const parts: StreamPart[] = [];
  for await (const part of readUpstreamEvents(body(), format, 'model')) parts.push(part);
  return parts;
}

describe('readUpstreamEvents keeps the reason the upstream body failed', () => {
  const idle = new GatewayError({
    code: 'upstream_timeout',
    status: 504,
    message: 'The upstream of "model" stopped sending data.',
  });

  it.each(['bedrock-invoke', 'bedrock-converse', 'anthropic-sse', 'openai-sse'] as const)(
    '%s: an idle timeout is reported as itself, not as a generic interruption',
    async (format) => {
      const parts = await collect(format, idle);
      expect(parts).toHaveLength(1);
      expect(parts[0]).toEqual({ type: 'error', error: idle });
    },
  );
});
