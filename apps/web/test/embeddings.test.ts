import { usageTotals } from '@gateway/db';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockDefinition, openAiDefinition } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

let gateway: TestGateway;
let client: OpenAI;
const PRICING = { prompt: '0.0000001', completion: '0' };

beforeAll(async () => {
  gateway = await startTestGateway();
  const url = gateway.emulator.url;
  const embedding = (internal_id: string) =>
    bedrockDefinition(url, 'static', { internal_id, mode: 'embedding', pricing: PRICING });
  await gateway.putDefinition(
    'openai-embed',
    openAiDefinition(url, { internal_id: 'text-embedding-3-small', mode: 'embedding', pricing: PRICING }),
  );
  await gateway.putDefinition('titan', embedding('amazon.titan-embed-text-v2:0'));
  await gateway.putDefinition('cohere-v3', embedding('cohere.embed-english-v3'));
  await gateway.putDefinition('cohere-v4', embedding('cohere.embed-v4:0'));
  await gateway.putDefinition(
    'cohere-query',
    bedrockDefinition(url, 'static', {
      internal_id: 'cohere.embed-v4:0',
      mode: 'embedding',
      extra_body: { input_type: 'search_query' },
    }),
  );
  await gateway.putDefinition('gpt', openAiDefinition(url));
  client = new OpenAI({ apiKey: gateway.callerKey, baseURL: `${gateway.url}/api/gateway/v1`, maxRetries: 0 });
});
afterAll(() => gateway?.close());
beforeEach(() => gateway.emulator.reset());

const texts = (count: number, prefix = 'text') =>
  Array.from({ length: count }, (_, index) => `${prefix} number ${index}`);

/** Little-endian float32, as OpenAI's base64 format carries it. */
function decodeBase64(value: string): number[] {
  const bytes = Buffer.from(value, 'base64');
  return Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
}

const upstreamCalls = () =>
  gateway.emulator.requests.filter((request) => /\/(invoke|embeddings)$/.test(request.path));

describe('the official openai SDK embeddings.create on every embedding upstream', () => {
  it.each([
    ['OpenAI-compatible', 'openai-embed', 1536, 10, 1],
    ['Titan Text Embeddings v2 (one text per invoke)', 'titan', 1024, 20, 20],
    ['Cohere Embed v3 (batches of 96)', 'cohere-v3', 1024, 200, 3],
    ['Cohere Embed v4 (batches of 96)', 'cohere-v4', 1536, 97, 2],
  ])(
    '%s: float vectors in input order, more inputs than one upstream batch',
    async (_label, model, size, count, calls) => {
      const input = texts(count);
      const batch = await client.embeddings.create({ model, input, encoding_format: 'float' });
      expect(batch.object).toBe('list');
      expect(batch.data).toHaveLength(count);
      expect(batch.data.map((item) => item.index)).toEqual(input.map((_, index) => index));
      expect(batch.data[0]?.embedding).toHaveLength(size);
      expect(batch.usage.prompt_tokens).toBeGreaterThan(0);
      expect(batch.usage.total_tokens).toBe(batch.usage.prompt_tokens);
      expect(upstreamCalls()).toHaveLength(calls);
      if (model !== 'openai-embed')
        expect(upstreamCalls().every((call) => call.signatureVerified)).toBe(true);

      // The vectors are deterministic per text: each one asked alone gives the one at its index,
      // including either side of a batch boundary.
      for (const index of [0, 1, 95, 96, count - 1].filter((candidate) => candidate < count)) {
        const alone = await client.embeddings.create({
          model,
          input: input[index] as string,
          encoding_format: 'float',
        });
        expect(batch.data[index]?.embedding).toEqual(alone.data[0]?.embedding);
      }
    },
  );

  it.each(['openai-embed', 'titan', 'cohere-v3', 'cohere-v4'])(
    '%s: base64 is little-endian float32 of the float vector (explicit and the SDK default)',
    async (model) => {
      const input = ['alpha', 'beta'];
      const float = await client.embeddings.create({ model, input, encoding_format: 'float' });
      const base64 = await client.embeddings.create({ model, input, encoding_format: 'base64' });
      // Without encoding_format the SDK asks for base64 itself and decodes it.
      const sdkDefault = await client.embeddings.create({ model, input });
      for (const index of [0, 1]) {
        const expected = float.data[index]?.embedding.map(Math.fround);
        expect(decodeBase64(base64.data[index]?.embedding as unknown as string)).toEqual(expected);
        expect(sdkDefault.data[index]?.embedding).toEqual(expected);
      }
    },
  );

  it('passes dimensions: Titan dimensions, Cohere v4 output_dimension, OpenAI dimensions', async () => {
    for (const [model, dimensions] of [
      ['titan', 256],
      ['cohere-v4', 512],
      ['openai-embed', 64],
    ] as const) {
      const answer = await client.embeddings.create({
        model,
        input: 'sized',
        dimensions,
        encoding_format: 'float',
      });
      expect(answer.data[0]?.embedding).toHaveLength(dimensions);
    }
    const error = await client.embeddings
      .create({ model: 'titan', input: 'sized', dimensions: 300 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('dimensions');
  });

  it('Cohere input_type defaults to search_document; extra_body (caller or definition) overrides it', async () => {
    await client.embeddings.create({ model: 'cohere-v4', input: 'doc' });
    expect(JSON.parse(upstreamCalls()[0]?.body ?? '{}').input_type).toBe('search_document');
    gateway.emulator.reset();
    // What the Python SDK's extra_body does: the field goes top-level in the JSON body.
    const withInputType = { model: 'cohere-v4', input: 'q', input_type: 'classification' };
    await client.embeddings.create(withInputType as OpenAI.EmbeddingCreateParams);
    expect(JSON.parse(upstreamCalls()[0]?.body ?? '{}').input_type).toBe('classification');
    gateway.emulator.reset();
    await client.embeddings.create({ model: 'cohere-query', input: 'q' });
    expect(JSON.parse(upstreamCalls()[0]?.body ?? '{}').input_type).toBe('search_query');
  });

  it('token arrays reach an OpenAI-compatible upstream; Bedrock refuses them naming input', async () => {
    const tokens = await client.embeddings.create({
      model: 'openai-embed',
      input: [
        [1, 2, 3],
        [4, 5],
      ],
      encoding_format: 'float',
    });
    expect(tokens.data).toHaveLength(2);
    expect(JSON.parse(upstreamCalls()[0]?.body ?? '{}').input).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    const error = await client.embeddings
      .create({ model: 'titan', input: [[1, 2, 3]] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('input');
  });

  it('a chat model on /v1/embeddings, or an embedding model on a chat route, is a 400 that says so', async () => {
    const onEmbeddings = await client.embeddings
      .create({ model: 'gpt', input: 'x' })
      .catch((caught: unknown) => caught);
    expect(onEmbeddings).toBeInstanceOf(OpenAI.BadRequestError);
    expect(String((onEmbeddings as Error).message)).toMatch(/chat model/);
    const onChat = await client.chat.completions
      .create({ model: 'titan', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(onChat).toBeInstanceOf(OpenAI.BadRequestError);
    expect(String((onChat as Error).message)).toMatch(/embedding model/);
    expect(upstreamCalls()).toHaveLength(0);
  });

  it('records usage and cost per request for the caller key, from the upstream counts', async () => {
    const answer = await client.embeddings.create({ model: 'cohere-v3', input: texts(100, 'usage') });
    await gateway.runtime.usage.flush();
    const rows = await usageTotals(gateway.runtime.database, {
      from: new Date(Date.now() - 60_000),
      to: new Date(Date.now() + 60_000),
      groupBy: 'model',
    });
    const row = rows.find((candidate) => candidate.group === 'cohere-v3');
    expect(row?.input_tokens).toBeGreaterThanOrEqual(answer.usage.prompt_tokens);
    expect(row?.output_tokens).toBe(0);
    expect(row?.cost_usd).toBeGreaterThan(0);
  });
});
