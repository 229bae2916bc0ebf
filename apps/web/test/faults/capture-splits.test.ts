import {
  type BedrockStreamPart,
  decodeBedrockEventStream,
  readFixture,
  readFixtureText,
} from '@gateway/ai-gateway/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Real Bedrock response bodies (see packages/ai-gateway/src/providers/bedrock/__fixtures__/SOURCE.txt). */
const CAPTURES = [
  'eventstream/bedrock-live-captures/invoke-with-response-stream_anthropic-claude-sonnet-4-5_tooluse-maxtokens',
  'eventstream/bedrock-live-captures/converse-stream_claude-sonnet-4-5_tooluse-maxtokens',
];
const SPLITS_PER_CAPTURE = 5_000; // 10,000 in all

async function decode(chunks: Uint8Array[]): Promise<BedrockStreamPart[]> {
  async function* source() {
    yield* chunks;
  }
  const parts: BedrockStreamPart[] = [];
  for await (const part of decodeBedrockEventStream(source())) parts.push(part);
  return parts;
}

function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

describe.each(CAPTURES)('live capture %s', (capture) => {
  const bytes = new Uint8Array(readFixture(`${capture}.eventstream`));
  const frames = readFixtureText(`${capture}.decoded.jsonl`)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(
      (line) =>
        JSON.parse(line) as {
          headers: Record<string, string>;
          payload: string;
          payload_bytes_decoded?: string;
        },
    );

  it(`decodes identically under ${SPLITS_PER_CAPTURE} random byte splits`, async () => {
    const reference = await decode([bytes]);
    // The whole body matches the published per-frame decode, with no error part.
    expect(reference).toEqual(
      frames.map((frame) => ({
        type: 'event',
        eventType: frame.headers[':event-type'],
        payload: JSON.parse(frame.payload_bytes_decoded ?? frame.payload),
      })),
    );
    const cuts = fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), {
      minLength: 1,
      maxLength: 200,
    });
    await fc.assert(
      fc.asyncProperty(cuts, async (points) => {
        expect(await decode(splitAt(bytes, points))).toEqual(reference);
      }),
      { numRuns: SPLITS_PER_CAPTURE, seed: 424_242 },
    );
  });
});
