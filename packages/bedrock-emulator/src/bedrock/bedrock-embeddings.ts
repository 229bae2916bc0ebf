import type { ServerResponse } from 'node:http';
import { embedWithCohere } from '../embeddings/cohere-embed';
import { embedWithTitan } from '../embeddings/titan-embed';
import { sendJson } from '../http-utils';
import { newRequestId, sendAwsError, validationError } from './bedrock-errors';
import type { ResolvedModel } from './bedrock-model-id';

/**
 * InvokeModel on an embedding model (Titan Text Embeddings v2, Cohere Embed v3/v4), with the token
 * count in `x-amzn-bedrock-input-token-count` as AWS sends it. Embedding models do not stream.
 */
export function handleEmbeddingInvoke(
  response: ServerResponse,
  model: ResolvedModel,
  body: Record<string, unknown> | undefined,
  streaming: boolean,
): void {
  if (streaming) {
    sendAwsError(response, validationError('The model is unsupported for streaming.'));
    return;
  }
  if (!body) {
    sendAwsError(
      response,
      validationError('Malformed input request, please reformat your input and try again.'),
    );
    return;
  }
  const result =
    model.provider === 'cohere'
      ? embedWithCohere(model.baseModelId, body)
      : embedWithTitan(model.baseModelId, body);
  if (!result.ok) {
    sendAwsError(response, validationError(result.message));
    return;
  }
  sendJson(response, 200, result.body, {
    'x-amzn-requestid': newRequestId(),
    'x-amzn-bedrock-input-token-count': String(result.inputTokens),
    'x-amzn-bedrock-invocation-latency': '40',
  });
}
