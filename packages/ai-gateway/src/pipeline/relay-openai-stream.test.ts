import { describe, expect, it } from 'vitest';
import type { TokenUsage } from '../usage/usage-record';
import { relayOpenAiStream } from './relay-openai-stream';
import type { StreamOutcome } from './respond-with-stream';

const encoder = new TextEncoder();

function relay(chunks: AsyncGenerator<Uint8Array>, maxEventBytes?: number) {
  const outcomes: StreamOutcome[] = [];
  const usages: TokenUsage[] = [];
  const response = relayOpenAiStream({
    chunks,
    headers: new Headers(),
    upstreamAbort: new AbortController(),
    label: 'hostile',
    onUsage: (usage) => usages.push(usage),
    onFirstByte: () => undefined,
    dropUsageChunk: true,
    onEnd: (outcome) => outcomes.push(outcome),
    ...(maxEventBytes === undefined ? {} : { maxEventBytes }),
  });
  return { response, outcomes, usages };
}

describe('relayOpenAiStream against hostile upstreams (issue 17 #6)', () => {
  it('stops a 32 MB line without a newline at the 8 MB cap with a 502 error event, in linear time', async () => {
    const piece = encoder.encode('z'.repeat(64 * 1024));
    let sent = 0;
    async function* hostile(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: {"choices":[],"usage":');
      for (let index = 0; index < 512; index++) {
        sent++;
        yield piece;
      }
    }
    const started = performance.now();
    const { response, outcomes } = relay(hostile());
    const text = await response.text();
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(text).toMatch(/larger than 8388608 bytes/);
    expect(sent).toBeLessThan(200); // stopped at the cap, not read to the end
    expect(outcomes[0]?.error?.status).toBe(502);
  });

  it('still relays a normal stream, drops the usage-only chunk and reports its usage', async () => {
    async function* normal(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: {"choices":[{"delta":{"content":"hi"}}]}\n');
      yield encoder.encode('\ndata: {"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}\n\n');
      yield encoder.encode('data: [DONE]\n\n');
    }
    const { response, outcomes, usages } = relay(normal());
    const text = await response.text();
    expect(text).toBe('data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n');
    expect(usages[0]).toMatchObject({ input_tokens: 3, output_tokens: 2 });
    expect(outcomes[0]?.error).toBeUndefined();
  });

  it('an event held back past a small cap fails instead of growing', async () => {
    async function* manyLines(): AsyncGenerator<Uint8Array> {
      for (let index = 0; index < 100; index++) yield encoder.encode('data: {"choices":[{"delta":{}}]}\n');
    }
    const { response } = relay(manyLines(), 1000);
    expect(await response.text()).toMatch(/larger than 1000 bytes/);
  });
});
