import type { ServerResponse } from 'node:http';
import type { EmulatorState } from '../emulator-state';
import { encodeEvent } from '../eventstream/eventstream-writer';
import { parseJsonObject, sendJson } from '../http-utils';
import { planReply } from '../reply/reply-plan';
import { isValidThinkingSignature } from '../reply/thinking-signature';
import { type ActiveScenario, toolPolicyOf } from '../scenarios/scenario-store';
import type { RecordedRequest } from '../types';
import { newRequestId, sendAwsError, validationError } from './bedrock-errors';
import { sendEventStream } from './bedrock-stream';
import { buildConverseEvents, buildConverseResponse } from './converse-output';
import { converseReasoningInHistory, summarizeConverseRequest } from './summarize-converse-request';
import { validateConverseBody } from './validate-converse-body';

export type ConverseCall = {
  response: ServerResponse;
  record: RecordedRequest;
  state: EmulatorState;
  rawBody: string;
  scenario: ActiveScenario | undefined;
  streaming: boolean;
};

/**
 * Converse / ConverseStream: the same answer for every model, in the Converse shapes.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
export async function handleConverse(call: ConverseCall): Promise<void> {
  const { response, rawBody, scenario } = call;
  const body = parseJsonObject(rawBody);
  const reasoning = converseReasoningInHistory(body?.messages);
  if (reasoning.length > 0)
    call.record.thinkingSignatures = reasoning.map((block) => String(block.signature));
  const problem = validateConverseBody(body) ?? checkReasoningSignatures(reasoning);
  if (problem || !body) {
    sendAwsError(response, validationError(problem ?? 'Malformed request body.'));
    return;
  }
  const longStreamDeltas =
    scenario?.name === 'long-stream' ? (scenario.options.deltaCount ?? 200) : undefined;
  const plan = planReply(summarizeConverseRequest(body, rawBody), {
    promptCache: call.state.promptCache,
    longStreamDeltas,
    toolPolicy: toolPolicyOf(scenario),
  });
  if (!call.streaming) {
    sendJson(response, 200, buildConverseResponse(plan), { 'x-amzn-requestid': newRequestId() });
    return;
  }
  const frames = buildConverseEvents(plan).map((event, index) =>
    encodeEvent(event.eventType, event.payload, index),
  );
  await sendEventStream(response, frames, scenario);
}

/** Claude refuses a thinking block whose signature it did not issue; Bedrock passes the error on. */
function checkReasoningSignatures(
  reasoning: ReturnType<typeof converseReasoningInHistory>,
): string | undefined {
  const bad = reasoning.find(
    (block) =>
      typeof block.text !== 'string' ||
      typeof block.signature !== 'string' ||
      !isValidThinkingSignature(block.text, block.signature),
  );
  if (!bad) return undefined;
  return `The model returned the following errors: messages.${bad.messageIndex}.content.${bad.blockIndex}: Invalid \`signature\` in \`thinking\` block`;
}
