import { z } from 'zod';
import { parseUpstreamAnswer, unexpectedAnswer } from '../../upstream-answers/parse-upstream-answer';
import type { EmbeddingsSupport } from '../types';

const OpenAiEmbeddingsAnswerSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
  usage: z.object({ prompt_tokens: z.number(), total_tokens: z.number().optional() }).optional(),
});

/**
 * OpenAI-compatible `/embeddings`: one call with the caller's fields (token arrays included),
 * the definition's transforms and model id applied by the provider. Floats are always asked for,
 * so the gateway returns the same vectors whatever the upstream's default; base64 is encoded on
 * the way back (handlers/embeddings.ts).
 * https://platform.openai.com/docs/api-reference/embeddings/create
 */
export const openAiEmbeddings: EmbeddingsSupport = {
  async embed(request, { label, send }) {
    const count = request.input.kind === 'text' ? request.input.texts.length : request.input.tokens.length;
    const body: Record<string, unknown> = {
      ...request.extra,
      input: request.input.kind === 'text' ? request.input.texts : request.input.tokens,
      encoding_format: 'float',
    };
    if (request.dimensions !== undefined) body.dimensions = request.dimensions;
    if (request.user !== undefined) body.user = request.user;
    const { json } = await send(body);
    const answer = parseUpstreamAnswer(OpenAiEmbeddingsAnswerSchema, json, label);
    const vectors = new Array<number[]>(count);
    for (const item of answer.data) {
      if (item.index >= count || vectors[item.index] !== undefined) {
        throw unexpectedAnswer(label, `embedding index ${item.index} for ${count} inputs`);
      }
      vectors[item.index] = item.embedding;
    }
    if (answer.data.length !== count) {
      throw unexpectedAnswer(label, `${answer.data.length} embeddings for ${count} inputs`);
    }
    return { vectors, promptTokens: answer.usage?.prompt_tokens ?? 0 };
  },
};
