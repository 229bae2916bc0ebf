import type { ServerResponse } from 'node:http';
import { parseJsonObject, sendJson } from '../http-utils';
import { estimateTokens } from '../reply/reply-plan';
import { newRequestId, sendAwsError, validationError } from './bedrock-errors';
import type { ResolvedModel } from './bedrock-model-id';
import { validateAnthropicInvokeBody } from './validate-anthropic-invoke-body';
import { validateConverseBody } from './validate-converse-body';

type CountResult = { inputTokens: number } | { problem: string };

function countInvokeBody(model: ResolvedModel, invokeModel: unknown): CountResult {
  const encoded = (invokeModel as { body?: unknown } | null)?.body;
  if (typeof encoded !== 'string') {
    return {
      problem:
        "1 validation error detected: Value null at 'input.invokeModel.body' failed to satisfy constraint: Member must not be null",
    };
  }
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const problem = validateAnthropicInvokeBody(parseJsonObject(text), model.thinking);
  // The same rule as the usage of an InvokeModel call with this body (input + cache tokens).
  return problem ? { problem } : { inputTokens: estimateTokens(text) };
}

function countConverse(converse: unknown): CountResult {
  const body = converse as Record<string, unknown> | null;
  const problem = validateConverseBody(body ?? undefined);
  return problem || !body
    ? { problem: problem ?? 'Malformed input request.' }
    : { inputTokens: estimateTokens(JSON.stringify(body)) };
}

/**
 * CountTokens: `{"input": {"invokeModel": {"body": <base64>}}}` or `{"input": {"converse": {...}}}`
 * (a union: exactly one member) -> `{"inputTokens": n}`. Counted with the emulator's usage rule.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CountTokens.html
 */
export function handleCountTokens(response: ServerResponse, model: ResolvedModel, rawBody: string): void {
  if (model.provider !== 'anthropic') {
    sendAwsError(
      response,
      validationError(`The provided model doesn't support counting tokens: ${model.baseModelId}`),
    );
    return;
  }
  const input = parseJsonObject(rawBody)?.input as Record<string, unknown> | undefined;
  const members = input && typeof input === 'object' ? Object.keys(input) : [];
  if (members.length !== 1 || !['invokeModel', 'converse'].includes(members[0]!)) {
    sendAwsError(
      response,
      validationError('The input field must contain exactly one of its members: invokeModel, converse.'),
    );
    return;
  }
  const result =
    input?.invokeModel !== undefined
      ? countInvokeBody(model, input.invokeModel)
      : countConverse(input?.converse);
  if ('problem' in result) {
    sendAwsError(response, validationError(result.problem));
    return;
  }
  sendJson(response, 200, { inputTokens: result.inputTokens }, { 'x-amzn-requestid': newRequestId() });
}
