import {
  ConverseCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkClient } from '../bedrock/sdk-test-helpers';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';

let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const TITAN = 'amazon.titan-embed-text-v2:0';
const COHERE_V3 = 'cohere.embed-english-v3';
const COHERE_V4 = 'cohere.embed-v4:0';

async function embed(modelId: string, body: unknown) {
  const response = await sdkClient(emulator).send(
    new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: 'application/json' }),
  );
  return { body: JSON.parse(Buffer.from(response.body).toString('utf8')) as Record<string, unknown> };
}

async function refusal(modelId: string, body: unknown): Promise<string> {
  try {
    await embed(modelId, body);
  } catch (error) {
    expect((error as Error).name).toBe('ValidationException');
    return (error as Error).message;
  }
  throw new Error('expected a ValidationException');
}

const norm = (vector: number[]) => Math.hypot(...vector);

describe('Titan Text Embeddings v2', () => {
  it('answers a normalized 1024-dimension vector by default, the same for the same text', async () => {
    const first = (await embed(TITAN, { inputText: 'hello world' })).body;
    const again = (await embed(TITAN, { inputText: 'hello world' })).body;
    const other = (await embed(TITAN, { inputText: 'something else' })).body;
    const vector = first.embedding as number[];
    expect(vector).toHaveLength(1024);
    expect(norm(vector)).toBeCloseTo(1, 6);
    expect(again.embedding).toEqual(vector);
    expect(other.embedding).not.toEqual(vector);
    expect(first.inputTextTokenCount).toBe(3);
    expect(first.embeddingsByType).toEqual({ float: vector });
  });

  it('honours dimensions, normalize false and the binary type', async () => {
    const { body } = await embed(TITAN, {
      inputText: 'x',
      dimensions: 256,
      normalize: false,
      embeddingTypes: ['float', 'binary'],
    });
    expect(body.embedding as number[]).toHaveLength(256);
    expect(norm(body.embedding as number[])).not.toBeCloseTo(1, 2);
    const binary = (body.embeddingsByType as { binary: number[] }).binary;
    expect(binary).toHaveLength(256);
    expect(new Set(binary)).toEqual(new Set([0, 1]));
  });

  it('sends the input token count header', async () => {
    const response = await fetch(`${emulator.url}/model/${TITAN}/invoke`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer emulator-bedrock-api-key-EXAMPLE',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ inputText: 'sixteen chars!!!' }),
    });
    expect(response.headers.get('x-amzn-bedrock-input-token-count')).toBe('4');
  });

  it('refuses an array, unknown keys and a dimension it does not offer, like AWS', async () => {
    expect(await refusal(TITAN, { inputText: ['a', 'b'] })).toBe(
      'Malformed input request: #/inputText: expected type: String, found: JSONArray, please reformat your input and try again.',
    );
    expect(await refusal(TITAN, { inputText: 'a', texts: ['a'] })).toContain(
      '#: extraneous key [texts] is not permitted',
    );
    expect(await refusal(TITAN, { inputText: 'a', dimensions: 768 })).toContain(
      '#/dimensions: 768 is not a valid enum value',
    );
    expect(await refusal(TITAN, {})).toContain('#: required key [inputText] not found');
  });

  it('does not stream and is not a Converse model', async () => {
    await expect(
      sdkClient(emulator).send(
        new InvokeModelWithResponseStreamCommand({
          modelId: TITAN,
          body: JSON.stringify({ inputText: 'a' }),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      sdkClient(emulator).send(
        new ConverseCommand({ modelId: TITAN, messages: [{ role: 'user', content: [{ text: 'a' }] }] }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("doesn't support the model"),
    });
  });
});

describe('Cohere Embed v3 and v4', () => {
  it('v3: one normalized 1024-dimension vector per text, in order, as embeddings_floats', async () => {
    const { body } = await embed(COHERE_V3, { texts: ['a', 'b', 'a'], input_type: 'search_document' });
    const vectors = body.embeddings as number[][];
    expect(body.response_type).toBe('embeddings_floats');
    expect(body.texts).toEqual(['a', 'b', 'a']);
    expect(vectors.map((vector) => vector.length)).toEqual([1024, 1024, 1024]);
    expect(norm(vectors[0]!)).toBeCloseTo(1, 6);
    expect(vectors[2]).toEqual(vectors[0]);
    expect(vectors[1]).not.toEqual(vectors[0]);
    expect(typeof body.id).toBe('string');
  });

  it('v3: embedding_types gives embeddings_by_type with int8 and packed binary', async () => {
    const { body } = await embed('cohere.embed-multilingual-v3', {
      texts: ['hola'],
      input_type: 'search_query',
      embedding_types: ['float', 'int8', 'ubinary'],
    });
    const byType = body.embeddings as Record<string, number[][]>;
    expect(body.response_type).toBe('embeddings_by_type');
    expect(Object.keys(byType)).toEqual(['float', 'int8', 'ubinary']);
    expect(byType.int8![0]!.every((value) => Number.isInteger(value) && value >= -128 && value <= 127)).toBe(
      true,
    );
    expect(byType.ubinary![0]).toHaveLength(128);
  });

  it('v4: 1536 dimensions by default, output_dimension 256, always by type', async () => {
    const defaults = (await embed(COHERE_V4, { texts: ['a'], input_type: 'classification' })).body;
    expect(defaults.response_type).toBe('embeddings_by_type');
    expect((defaults.embeddings as { float: number[][] }).float[0]).toHaveLength(1536);
    const small = (await embed(COHERE_V4, { texts: ['a'], input_type: 'clustering', output_dimension: 256 }))
      .body;
    expect((small.embeddings as { float: number[][] }).float[0]).toHaveLength(256);
  });

  it('refuses a missing input_type, more than 96 texts, and v4 options on v3', async () => {
    expect(await refusal(COHERE_V3, { texts: ['a'] })).toContain('#: required key [input_type] not found');
    const many = Array.from({ length: 97 }, (_, index) => `t${index}`);
    expect(await refusal(COHERE_V3, { texts: many, input_type: 'search_document' })).toContain(
      '#/texts: expected maximum item count: 96, found: 97',
    );
    expect(
      await refusal(COHERE_V3, { texts: ['a'], input_type: 'search_document', output_dimension: 256 }),
    ).toContain('#: extraneous key [output_dimension] is not permitted');
    expect(
      await refusal(COHERE_V4, { texts: ['a'], input_type: 'search_document', output_dimension: 100 }),
    ).toContain('#/output_dimension: 100 is not a valid enum value');
  });
});
