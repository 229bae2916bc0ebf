import { z } from 'zod';
import type { EmbeddingsRequest } from '../providers/types';
import { zodErrorToGatewayError } from '../translate/zod-error-to-gateway-error';

/** OpenAI's limit on inputs per request (and what SDKs batch to). */
const MAX_INPUTS = 2048;
const TokenArraySchema = z.array(z.number().int().nonnegative()).min(1, 'must not be empty');

/** https://platform.openai.com/docs/api-reference/embeddings/create */
const EmbeddingsBodySchema = z.looseObject({
  model: z.string().min(1, 'must not be empty'),
  input: z.union([
    z.string().min(1, 'must not be empty'),
    z.array(z.string().min(1, 'must not be empty')).min(1, 'must not be empty').max(MAX_INPUTS),
    TokenArraySchema,
    z.array(TokenArraySchema).min(1, 'must not be empty').max(MAX_INPUTS),
  ]),
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
  user: z.string().optional(),
});

export type ParsedEmbeddingsRequest = {
  model: string;
  stream: false;
  embeddings: EmbeddingsRequest;
  encodingFormat: 'float' | 'base64';
};

/** The caller's body, checked, with `input` in one of two normal forms (texts or token arrays). */
export function parseEmbeddingsRequest(json: unknown): ParsedEmbeddingsRequest {
  const result = EmbeddingsBodySchema.safeParse(json);
  if (!result.success) throw zodErrorToGatewayError(result.error);
  const { model, input, dimensions, encoding_format, user, ...extra } = result.data;
  const normalized: EmbeddingsRequest['input'] =
    typeof input === 'string'
      ? { kind: 'text', texts: [input] }
      : isTextList(input)
        ? { kind: 'text', texts: input }
        : isTokenList(input)
          ? { kind: 'tokens', tokens: [input] }
          : { kind: 'tokens', tokens: input };
  return {
    model,
    stream: false,
    encodingFormat: encoding_format ?? 'float',
    embeddings: { input: normalized, dimensions, user, extra },
  };
}

function isTextList(input: readonly unknown[]): input is string[] {
  return typeof input[0] === 'string';
}

function isTokenList(input: readonly unknown[]): input is number[] {
  return typeof input[0] === 'number';
}

/** OpenAI's `base64` format: the vector as little-endian float32, base64-encoded. */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [index, value] of vector.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes.toString('base64');
}
