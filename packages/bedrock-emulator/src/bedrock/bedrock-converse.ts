import type { ServerResponse } from 'node:http';
import type { EmulatorState } from '../emulator-state';
import { encodeEvent } from '../eventstream/eventstream-writer';
import { parseJsonObject, sendJson } from '../http-utils';
import { planReply } from '../reply/reply-plan';
import type { ActiveScenario } from '../scenarios/scenario-store';
import { newRequestId, sendAwsError, validationError } from './bedrock-errors';
import { sendEventStream } from './bedrock-stream';
import { buildConverseEvents, buildConverseResponse } from './converse-output';
import { summarizeConverseRequest } from './summarize-converse-request';
import { validateConverseBody } from './validate-converse-body';

export type ConverseCall = {
  response: ServerResponse;
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
  const problem = validateConverseBody(body);
  if (problem || !body) {
    sendAwsError(response, validationError(problem ?? 'Malformed request body.'));
    return;
  }
  const longStreamDeltas =
    scenario?.name === 'long-stream' ? (scenario.options.deltaCount ?? 200) : undefined;
  const plan = planReply(summarizeConverseRequest(body, rawBody), {
    promptCache: call.state.promptCache,
    longStreamDeltas,
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
