import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NativeStreamPart } from '../types';
import { relayBedrockEventStream } from './bedrock-native-stream';
import { readFixture } from './sigv4-test-support';

/** Real Bedrock bodies (CopilotKit/aimock, MIT); see __fixtures__/SOURCE.txt. */
const CAPTURES = 'eventstream/bedrock-live-captures';
const INVOKE = readFixture(
  `${CAPTURES}/invoke-with-response-stream_anthropic-claude-sonnet-4-5_tooluse-maxtokens.eventstream`,
);
const CONVERSE = readFixture(`${CAPTURES}/converse-stream_claude-sonnet-4-5_tooluse-maxtokens.eventstream`);

async function relay(chunks: Uint8Array[]): Promise<NativeStreamPart[]> {
  const parts: NativeStreamPart[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const part of relayBedrockEventStream(source())) parts.push(part);
  return parts;
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

const concat = (parts: NativeStreamPart[]) => Buffer.concat(parts.map((part) => part.bytes));

describe('relayBedrockEventStream', () => {
  it.each([
    ['InvokeModelWithResponseStream', INVOKE],
    ['ConverseStream', CONVERSE],
  ])('relays a live %s capture byte for byte, whatever the network splits', async (_label, capture) => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), async (cuts) => {
        const parts = await relay(splitAt(capture, cuts));
        expect(concat(parts).equals(capture)).toBe(true);
        expect(parts.every((part) => part.error === undefined)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('reads usage from invocation metrics and Converse metadata frames', async () => {
    const invokeUsage = (await relay([INVOKE])).flatMap((part) => (part.usage ? [part.usage] : []));
    expect(invokeUsage.some((usage) => usage.output_tokens > 0)).toBe(true);
    expect(invokeUsage.some((usage) => usage.input_tokens > 0)).toBe(true);
    const converseUsage = (await relay([CONVERSE])).flatMap((part) => (part.usage ? [part.usage] : []));
    expect(converseUsage.at(-1)?.output_tokens).toBeGreaterThan(0);
  });

  it('replaces a frame that fails its checksum with an exception frame and stops', async () => {
    const corrupted = Buffer.from(INVOKE);
    corrupted[40] = (corrupted[40] ?? 0) ^ 0xff;
    const parts = await relay([corrupted]);
    const last = parts.at(-1);
    expect(last?.error?.code).toBe('upstream_stream_error');
    expect(Buffer.from(last?.bytes ?? []).toString('latin1')).toContain('internalServerException');
  });

  it('turns a source failure into an exception frame, never a silent end', async () => {
    async function* broken() {
      yield INVOKE.subarray(0, 100);
      throw new Error('socket reset');
    }
    const parts: NativeStreamPart[] = [];
    for await (const part of relayBedrockEventStream(broken())) parts.push(part);
    expect(parts.at(-1)?.error?.code).toBe('upstream_stream_error');
  });
});
