import type { ServerResponse } from 'node:http';
import { buildAnthropicEvents, buildAnthropicMessage } from '../anthropic/anthropic-output';
import { summarizeAnthropicRequest } from '../anthropic/summarize-anthropic-request';
import { thinkingBlocksInHistory } from '../anthropic/thinking-history';
import type { EmulatorState } from '../emulator-state';
import { encodeInvokeChunk } from '../eventstream/eventstream-writer';
import { parseJsonObject, sendJson } from '../http-utils';
import { planReply, type ReplyPlan } from '../reply/reply-plan';
import { type ActiveScenario, toolPolicyOf } from '../scenarios/scenario-store';
import type { RecordedRequest } from '../types';
import { handleEmbeddingInvoke } from './bedrock-embeddings';
import { newRequestId, sendAwsError, validationError } from './bedrock-errors';
import { anthropicModelName, type ResolvedModel } from './bedrock-model-id';
import { sendEventStream } from './bedrock-stream';
import { summarizeConverseRequest } from './summarize-converse-request';
import { validateAnthropicInvokeBody } from './validate-anthropic-invoke-body';

export type InvokeCall = {
  response: ServerResponse;
  record: RecordedRequest;
  state: EmulatorState;
  model: ResolvedModel;
  rawBody: string;
  scenario: ActiveScenario | undefined;
  streaming: boolean;
};

function metricHeaders(plan: ReplyPlan): Record<string, string> {
  return {
    'x-amzn-bedrock-input-token-count': String(plan.usage.inputTokens),
    'x-amzn-bedrock-output-token-count': String(plan.usage.outputTokens),
    'x-amzn-bedrock-cache-read-input-token-count': String(plan.usage.cacheReadTokens),
    'x-amzn-bedrock-cache-write-input-token-count': String(plan.usage.cacheWriteTokens),
    'x-amzn-bedrock-invocation-latency': '120',
  };
}

/** Amazon Nova's native InvokeModel response (same message shape as Converse). */
function novaResponse(plan: ReplyPlan): Record<string, unknown> {
  const content =
    plan.kind === 'text'
      ? [{ text: plan.text }]
      : [{ toolUse: { toolUseId: `tooluse_${plan.idSeed}`, name: plan.toolName, input: plan.toolInput } }];
  const { inputTokens, outputTokens } = plan.usage;
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: plan.kind === 'tool' ? 'tool_use' : 'end_turn',
    usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
  };
}

/**
 * InvokeModel / InvokeModelWithResponseStream. Anthropic models get the Anthropic Messages format,
 * streamed as `chunk` events whose `bytes` hold each Anthropic event (base64), the last one carrying
 * `amazon-bedrock-invocationMetrics`, as in the live capture.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html
 */
export async function handleInvoke(call: InvokeCall): Promise<void> {
  const { response, model, rawBody, scenario } = call;
  const body = parseJsonObject(rawBody);
  const longStreamDeltas =
    scenario?.name === 'long-stream' ? (scenario.options.deltaCount ?? 200) : undefined;
  const planOptions = {
    promptCache: call.state.promptCache,
    longStreamDeltas,
    toolPolicy: toolPolicyOf(scenario),
  };

  if (model.embedding) {
    handleEmbeddingInvoke(response, model, body, call.streaming);
    return;
  }
  if (model.provider !== 'anthropic') {
    if (model.provider !== 'amazon' || !body) {
      sendAwsError(
        response,
        validationError('Malformed input request, please reformat your input and try again.'),
      );
      return;
    }
    const plan = planReply(summarizeConverseRequest(body, rawBody), planOptions);
    sendJson(response, 200, novaResponse(plan), {
      'x-amzn-requestid': newRequestId(),
      ...metricHeaders(plan),
    });
    return;
  }

  const signatures = thinkingBlocksInHistory(body?.messages).map((block) => block.signature);
  if (signatures.length > 0) call.record.thinkingSignatures = signatures.map(String);
  const problem = validateAnthropicInvokeBody(body, model.thinking);
  if (problem || !body) {
    sendAwsError(
      response,
      validationError(problem ?? 'Malformed input request, please reformat your input and try again.'),
    );
    return;
  }
  const plan = planReply(summarizeAnthropicRequest(body, rawBody), planOptions);
  const ids = {
    model: anthropicModelName(model.baseModelId),
    messagePrefix: 'msg_bdrk_',
    toolPrefix: 'toolu_bdrk_',
  };

  if (!call.streaming) {
    sendJson(response, 200, buildAnthropicMessage(plan, ids), {
      'x-amzn-requestid': newRequestId(),
      ...metricHeaders(plan),
    });
    return;
  }
  const events = buildAnthropicEvents(plan, ids);
  const last = events.at(-1)!;
  last['amazon-bedrock-invocationMetrics'] = {
    inputTokenCount: plan.usage.inputTokens,
    outputTokenCount: plan.usage.outputTokens,
    invocationLatency: 120,
    firstByteLatency: 60,
    cacheReadInputTokenCount: plan.usage.cacheReadTokens,
    cacheWriteInputTokenCount: plan.usage.cacheWriteTokens,
  };
  const frames = events.map((event, index) => encodeInvokeChunk(event, index));
  await sendEventStream(response, frames, scenario, { 'x-amzn-bedrock-content-type': 'application/json' });
}
