import { createHash } from 'node:crypto';
import { extraneousKeys, jsonTypeName, malformedInput } from '../bedrock/json-schema-wording';
import { estimateTokens } from '../reply/reply-plan';
import { deterministicVector, toInt8, toPackedBits } from './deterministic-vector';
import type { EmbeddingResult } from './titan-embed';

const MAX_TEXTS = 96;
const INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering'];
const EMBEDDING_TYPES = ['float', 'int8', 'uint8', 'binary', 'ubinary'];

type CohereVersion = {
  keys: string[];
  truncate: string[];
  dimensions: (body: Record<string, unknown>) => number | string;
  /** v4 always answers `embeddings_by_type`; v3 only when `embedding_types` is given. */
  alwaysByType: boolean;
  maxCharacters?: number;
};

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v3.html
const V3: CohereVersion = {
  keys: ['texts', 'images', 'input_type', 'truncate', 'embedding_types'],
  truncate: ['NONE', 'START', 'END'],
  dimensions: () => 1024,
  alwaysByType: false,
  maxCharacters: 2048,
};

// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v4.html
const V4: CohereVersion = {
  keys: [
    'texts',
    'images',
    'inputs',
    'input_type',
    'truncate',
    'embedding_types',
    'output_dimension',
    'max_tokens',
  ],
  truncate: ['NONE', 'LEFT', 'RIGHT'],
  dimensions: (body) => {
    const value = body.output_dimension ?? 1536;
    return [256, 512, 1024, 1536].includes(value as number)
      ? (value as number)
      : `#/output_dimension: ${JSON.stringify(value)} is not a valid enum value`;
  },
  alwaysByType: true,
};

function checkTexts(texts: unknown, maxCharacters: number | undefined): string[] {
  if (texts === undefined) return ['#: required key [texts] not found'];
  if (!Array.isArray(texts)) return [`#/texts: expected type: JSONArray, found: ${jsonTypeName(texts)}`];
  const violations: string[] = [];
  if (texts.length > MAX_TEXTS)
    violations.push(`#/texts: expected maximum item count: ${MAX_TEXTS}, found: ${texts.length}`);
  for (const [index, text] of texts.entries()) {
    if (typeof text !== 'string') {
      violations.push(`#/texts/${index}: expected type: String, found: ${jsonTypeName(text)}`);
    } else if (maxCharacters !== undefined && text.length > maxCharacters) {
      violations.push(`#/texts/${index}: expected maxLength: ${maxCharacters}, actual: ${text.length}`);
    }
  }
  return violations;
}

function enumViolation(path: string, value: unknown, allowed: readonly string[]): string[] {
  return value === undefined || allowed.includes(value as string)
    ? []
    : [`${path}: ${JSON.stringify(value)} is not a valid enum value`];
}

function encode(vector: number[], type: string): number[] {
  if (type === 'int8' || type === 'uint8') return toInt8(vector, type === 'uint8');
  if (type === 'binary' || type === 'ubinary') return toPackedBits(vector, type === 'ubinary');
  return vector;
}

/**
 * Cohere Embed v3 / v4 InvokeModel: up to 96 texts per call, `input_type` required.
 * (Images are accepted by the schema but the emulator embeds texts only.)
 */
export function embedWithCohere(modelId: string, body: Record<string, unknown>): EmbeddingResult {
  const version = modelId.startsWith('cohere.embed-v4') ? V4 : V3;
  const violations = extraneousKeys(body, version.keys);
  if (body.input_type === undefined) violations.unshift('#: required key [input_type] not found');
  violations.push(
    ...enumViolation('#/input_type', body.input_type, INPUT_TYPES),
    ...checkTexts(body.texts, version.maxCharacters),
    ...enumViolation('#/truncate', body.truncate, version.truncate),
  );
  const embeddingTypes = body.embedding_types;
  if (embeddingTypes !== undefined && !Array.isArray(embeddingTypes)) {
    violations.push(`#/embedding_types: expected type: JSONArray, found: ${jsonTypeName(embeddingTypes)}`);
  }
  const types = Array.isArray(embeddingTypes) ? (embeddingTypes as unknown[]) : [];
  for (const [index, type] of types.entries()) {
    violations.push(...enumViolation(`#/embedding_types/${index}`, type, EMBEDDING_TYPES));
  }
  const dimensions = version.dimensions(body);
  if (typeof dimensions === 'string') violations.push(dimensions);
  if (violations.length > 0 || typeof dimensions === 'string') {
    return { ok: false, message: malformedInput(violations) };
  }

  const texts = body.texts as string[];
  const vectors = texts.map((text) => deterministicVector(modelId, text, dimensions, true));
  const requested = (types.length > 0 ? types : ['float']) as string[];
  const byType = version.alwaysByType || types.length > 0;
  const embeddings = byType
    ? Object.fromEntries(requested.map((type) => [type, vectors.map((vector) => encode(vector, type))]))
    : vectors;
  const id = createHash('sha256')
    .update(`${modelId}\u0000${JSON.stringify(body)}`)
    .digest('hex');
  return {
    ok: true,
    inputTokens: texts.reduce((sum, text) => sum + estimateTokens(text), 0),
    body: {
      id: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`,
      texts,
      embeddings,
      response_type: byType ? 'embeddings_by_type' : 'embeddings_floats',
    },
  };
}
