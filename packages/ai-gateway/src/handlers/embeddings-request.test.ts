import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { encodeFloat32Base64, parseEmbeddingsRequest } from './embeddings-request';

describe('parseEmbeddingsRequest', () => {
  it.each([
    ['a string', 'hello', { kind: 'text', texts: ['hello'] }],
    ['strings', ['a', 'b'], { kind: 'text', texts: ['a', 'b'] }],
    ['one token array', [1, 2, 3], { kind: 'tokens', tokens: [[1, 2, 3]] }],
    ['token arrays', [[1], [2, 3]], { kind: 'tokens', tokens: [[1], [2, 3]] }],
  ])('normalises %s', (_label, input, expected) => {
    const parsed = parseEmbeddingsRequest({ model: 'm', input });
    expect(parsed.embeddings.input).toEqual(expected);
    expect(parsed.encodingFormat).toBe('float');
  });

  it('keeps unknown fields for the upstream (OpenAI SDK extra_body) and reads the known ones', () => {
    const parsed = parseEmbeddingsRequest({
      model: 'm',
      input: 'x',
      dimensions: 256,
      encoding_format: 'base64',
      user: 'u-1',
      input_type: 'search_query',
    });
    expect(parsed.embeddings).toMatchObject({
      dimensions: 256,
      user: 'u-1',
      extra: { input_type: 'search_query' },
    });
    expect(parsed.encodingFormat).toBe('base64');
  });

  it.each([
    [{ model: 'm' }, 'input'],
    [{ model: 'm', input: [] }, 'input'],
    [{ model: 'm', input: ['a', 3] }, 'input'],
    [{ model: 'm', input: 'x', encoding_format: 'int8' }, 'encoding_format'],
    [{ model: 'm', input: 'x', dimensions: 0 }, 'dimensions'],
  ])('refuses %j naming %s', (body, param) => {
    let error: unknown;
    try {
      parseEmbeddingsRequest(body);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).param?.startsWith(param)).toBe(true);
  });
});

describe('encodeFloat32Base64', () => {
  it('is little-endian float32, as OpenAI sends it', () => {
    const vector = [0.5, -1.25, 3];
    const bytes = Buffer.from(encodeFloat32Base64(vector), 'base64');
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, 3))).toEqual(vector);
    expect(bytes.readFloatLE(4)).toBe(-1.25);
  });
});
