import { extraneousKeys, jsonTypeName, malformedInput } from '../bedrock/json-schema-wording';
import { estimateTokens } from '../reply/reply-plan';
import { deterministicVector, toBitVector } from './deterministic-vector';

export type EmbeddingResult =
  | { ok: true; body: Record<string, unknown>; inputTokens: number }
  | { ok: false; message: string };

const KEYS = ['inputText', 'dimensions', 'normalize', 'embeddingTypes'];
const DIMENSIONS = [256, 512, 1024];
const TYPES = ['float', 'binary'];
// Titan Text Embeddings V2 takes up to 8,192 tokens (50,000 characters) per call.
const MAX_CHARACTERS = 50_000;

/**
 * Amazon Titan Text Embeddings V2 InvokeModel: one `inputText` per call.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 */
export function embedWithTitan(modelId: string, body: Record<string, unknown>): EmbeddingResult {
  const violations = extraneousKeys(body, KEYS);
  const { inputText, dimensions = 1024, normalize = true, embeddingTypes = ['float'] } = body;
  if (!('inputText' in body)) violations.unshift('#: required key [inputText] not found');
  else if (typeof inputText !== 'string') {
    violations.push(`#/inputText: expected type: String, found: ${jsonTypeName(inputText)}`);
  } else if (inputText.length < 1 || inputText.length > MAX_CHARACTERS) {
    violations.push(
      `#/inputText: expected minLength: 1, maxLength: ${MAX_CHARACTERS}, actual: ${inputText.length}`,
    );
  }
  if (!DIMENSIONS.includes(dimensions as number)) {
    violations.push(`#/dimensions: ${JSON.stringify(dimensions)} is not a valid enum value`);
  }
  if (typeof normalize !== 'boolean') {
    violations.push(`#/normalize: expected type: Boolean, found: ${jsonTypeName(normalize)}`);
  }
  if (!Array.isArray(embeddingTypes)) {
    violations.push(`#/embeddingTypes: expected type: JSONArray, found: ${jsonTypeName(embeddingTypes)}`);
  } else {
    for (const [index, type] of embeddingTypes.entries()) {
      if (!TYPES.includes(type as string)) {
        violations.push(`#/embeddingTypes/${index}: ${JSON.stringify(type)} is not a valid enum value`);
      }
    }
  }
  if (violations.length > 0) return { ok: false, message: malformedInput(violations) };

  const text = inputText as string;
  const vector = deterministicVector(modelId, text, dimensions as number, normalize as boolean);
  const types = embeddingTypes as string[];
  const byType: Record<string, number[]> = {};
  if (types.includes('float') || types.length === 0) byType.float = vector;
  if (types.includes('binary')) byType.binary = toBitVector(vector);
  const inputTokens = estimateTokens(text);
  return {
    ok: true,
    inputTokens,
    body: { embedding: vector, inputTextTokenCount: inputTokens, embeddingsByType: byType },
  };
}
