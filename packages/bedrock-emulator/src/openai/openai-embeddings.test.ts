import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';

let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

type EmbeddingsAnswer = {
  data: { index: number; embedding: number[] | string }[];
  usage: { prompt_tokens: number };
};

async function embed(body: unknown): Promise<{ status: number; json: EmbeddingsAnswer }> {
  const response = await fetch(`${emulator.url}/v1/embeddings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as EmbeddingsAnswer };
}

describe('OpenAI /v1/embeddings', () => {
  it('gives the same vector for the same text, of the requested size, in input order', async () => {
    const { status, json } = await embed({ model: 'emb', input: ['a', 'b', 'a'], dimensions: 8 });
    expect(status).toBe(200);
    expect(json.data.map((item) => item.index)).toEqual([0, 1, 2]);
    expect(json.data[0]?.embedding).toHaveLength(8);
    expect(json.data[0]?.embedding).toEqual(json.data[2]?.embedding);
    expect(json.data[0]?.embedding).not.toEqual(json.data[1]?.embedding);
    expect(json.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('answers base64 as little-endian float32 of the float vector', async () => {
    const float = await embed({ model: 'emb', input: 'hello', dimensions: 4 });
    const base64 = await embed({ model: 'emb', input: 'hello', dimensions: 4, encoding_format: 'base64' });
    const bytes = Buffer.from(base64.json.data[0]?.embedding as string, 'base64');
    const decoded = Array.from({ length: 4 }, (_, index) => bytes.readFloatLE(index * 4));
    const expected = ((float.json.data[0]?.embedding ?? []) as number[]).map((value) => Math.fround(value));
    expect(decoded).toEqual(expected);
  });

  it('takes token arrays and refuses a malformed input', async () => {
    expect((await embed({ model: 'emb', input: [[1, 2], [3]] })).json.data).toHaveLength(2);
    expect((await embed({ model: 'emb', input: [1, 'x'] })).status).toBe(400);
  });
});
