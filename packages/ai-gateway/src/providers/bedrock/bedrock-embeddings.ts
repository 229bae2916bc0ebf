import { z } from 'zod';
import { GatewayError } from '../../errors/gateway-error';
import { mapWithConcurrency } from '../../pipeline/map-with-concurrency';
import { parseUpstreamAnswer, unexpectedAnswer } from '../../upstream-answers/parse-upstream-answer';
import type { EmbeddingsRequest, EmbeddingsResult, EmbeddingsSend, EmbeddingsSupport } from '../types';
import { baseModelId } from './bedrock-model-catalog';

/** Titan embeds one text per InvokeModel; this many run at once for an array. */
const TITAN_CONCURRENCY = 8;
/** Cohere Embed takes at most 96 texts per InvokeModel. */
const COHERE_BATCH_SIZE = 96;
const COHERE_CONCURRENCY = 4;
const TITAN_V2_DIMENSIONS = [256, 512, 1024];
const COHERE_V4_DIMENSIONS = [256, 512, 1024, 1536];

const TitanAnswerSchema = z.object({
  embedding: z.array(z.number()),
  inputTextTokenCount: z.number().optional(),
});
const CohereAnswerSchema = z.object({
  embeddings: z.union([z.array(z.array(z.number())), z.object({ float: z.array(z.array(z.number())) })]),
});

type Context = Parameters<EmbeddingsSupport['embed']>[1];

/**
 * Embeddings on Bedrock, in each model's own InvokeModel body: Amazon Titan Text Embeddings
 * (one `inputText` per call, so an array fans out with bounded concurrency, order kept) and Cohere
 * Embed v3/v4 (`texts` in batches of at most 96, `input_type` defaulting to `search_document`).
 * Token counts come from `x-amzn-bedrock-input-token-count` (or Titan's `inputTextTokenCount`).
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v3.html
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v4.html
 */
export const bedrockEmbeddings: EmbeddingsSupport = {
  embed(request, context) {
    if (request.input.kind === 'tokens') {
      throw invalid(
        'input',
        'Bedrock embedding models take text: send input as a string or an array of strings, not token arrays.',
      );
    }
    const texts = request.input.texts;
    const modelId = baseModelId(context.definition.internal_id);
    if (modelId.startsWith('amazon.titan-embed-text'))
      return embedWithTitan(texts, request, modelId, context);
    if (modelId.startsWith('cohere.embed-')) return embedWithCohere(texts, request, modelId, context);
    throw invalid(
      'model',
      `The model "${context.label}" (${context.definition.internal_id}) is not an embedding model the gateway serves on Bedrock: Amazon Titan Text Embeddings v2 and Cohere Embed v3/v4 are.`,
    );
  },
};

async function embedWithTitan(
  texts: string[],
  request: EmbeddingsRequest,
  modelId: string,
  context: Context,
): Promise<EmbeddingsResult> {
  const isV2 = modelId.startsWith('amazon.titan-embed-text-v2');
  if (request.dimensions !== undefined && !(isV2 && TITAN_V2_DIMENSIONS.includes(request.dimensions))) {
    throw invalid(
      'dimensions',
      isV2
        ? `dimensions must be one of ${TITAN_V2_DIMENSIONS.join(', ')} for Titan Text Embeddings v2.`
        : 'This Titan model has a fixed dimension: leave dimensions out.',
    );
  }
  const normalize = typeof request.extra.normalize === 'boolean' ? request.extra.normalize : true;
  const answers = await mapWithConcurrency(texts, TITAN_CONCURRENCY, async (inputText) => {
    const body: Record<string, unknown> = { inputText };
    if (isV2) body.normalize = normalize;
    if (request.dimensions !== undefined) body.dimensions = request.dimensions;
    const { json, headers } = await context.send(body);
    const answer = parseUpstreamAnswer(TitanAnswerSchema, json, context.label);
    return {
      vector: answer.embedding,
      tokens: headerTokens(headers) ?? answer.inputTextTokenCount ?? 0,
    };
  });
  return {
    vectors: answers.map((answer) => answer.vector),
    promptTokens: answers.reduce((sum, answer) => sum + answer.tokens, 0),
  };
}

async function embedWithCohere(
  texts: string[],
  request: EmbeddingsRequest,
  modelId: string,
  context: Context,
): Promise<EmbeddingsResult> {
  const isV4 = modelId.startsWith('cohere.embed-v4');
  const dimensionField = cohereDimensions(request.dimensions, isV4);
  const batches: string[][] = [];
  for (let start = 0; start < texts.length; start += COHERE_BATCH_SIZE) {
    batches.push(texts.slice(start, start + COHERE_BATCH_SIZE));
  }
  const answers = await mapWithConcurrency(batches, COHERE_CONCURRENCY, async (batch) => {
    const body: Record<string, unknown> = {
      texts: batch,
      input_type: typeof request.extra.input_type === 'string' ? request.extra.input_type : 'search_document',
      embedding_types: ['float'],
      ...dimensionField,
    };
    if (typeof request.extra.truncate === 'string') body.truncate = request.extra.truncate;
    return sendCohereBatch(body, batch.length, context.send, context.label);
  });
  return {
    vectors: answers.flatMap((answer) => answer.vectors),
    promptTokens: answers.reduce((sum, answer) => sum + answer.tokens, 0),
  };
}

async function sendCohereBatch(
  body: Record<string, unknown>,
  count: number,
  send: EmbeddingsSend,
  label: string,
) {
  const { json, headers } = await send(body);
  const answer = parseUpstreamAnswer(CohereAnswerSchema, json, label);
  const vectors = Array.isArray(answer.embeddings) ? answer.embeddings : answer.embeddings.float;
  if (vectors.length !== count) {
    throw unexpectedAnswer(label, `${vectors.length} embeddings for ${count} texts`);
  }
  return { vectors, tokens: headerTokens(headers) ?? 0 };
}

function cohereDimensions(dimensions: number | undefined, isV4: boolean): Record<string, number> {
  if (dimensions === undefined) return {};
  if (isV4 && COHERE_V4_DIMENSIONS.includes(dimensions)) return { output_dimension: dimensions };
  if (!isV4 && dimensions === 1024) return {};
  throw invalid(
    'dimensions',
    isV4
      ? `dimensions must be one of ${COHERE_V4_DIMENSIONS.join(', ')} for Cohere Embed v4.`
      : 'Cohere Embed v3 has 1024 dimensions: leave dimensions out or send 1024.',
  );
}

function headerTokens(headers: Headers): number | undefined {
  const value = headers.get('x-amzn-bedrock-input-token-count');
  const count = value === null ? Number.NaN : Number(value);
  return Number.isFinite(count) ? count : undefined;
}

function invalid(param: string, message: string): GatewayError {
  return new GatewayError({ code: 'invalid_request', status: 400, param, message });
}
