import type { ServerResponse } from 'node:http';
import type { EmulatorRequest, EmulatorState } from '../emulator-state';
import { parseJsonObject, sendJson } from '../http-utils';
import { planReply } from '../reply/reply-plan';
import { applyEntryScenario } from '../scenarios/apply-entry-scenario';
import { runStream } from '../scenarios/stream-runner';
import { sseEvent, startSse } from '../sse';
import { authenticateOpenAi, sendOpenAiError } from './openai-face';
import { buildResponse, buildResponseEvents, summarizeResponsesRequest } from './openai-responses-output';

/**
 * POST /v1/responses: OpenAI's Responses API, stateless (the emulator keeps nothing, so `store`
 * and `previous_response_id` are echoed, never read). Same model and scenarios as chat/completions.
 */
export async function handleResponses(
  request: EmulatorRequest,
  response: ServerResponse,
  state: EmulatorState,
): Promise<void> {
  if (!authenticateOpenAi(request, response, state)) return;
  const rawBody = request.record.body;
  const body = parseJsonObject(rawBody);
  if (!body) {
    sendOpenAiError(
      response,
      400,
      'We could not parse the JSON body of your request.',
      'invalid_request_error',
      null,
    );
    return;
  }
  if (typeof body.input !== 'string' && !Array.isArray(body.input)) {
    sendOpenAiError(
      response,
      400,
      "Missing required parameter: 'input'.",
      'invalid_request_error',
      'missing_required_parameter',
    );
    return;
  }
  const model = typeof body.model === 'string' ? body.model : 'emulator-chat';
  request.record.modelId = model;
  const streaming = body.stream === true;
  const scenario = state.scenarios.take(model);
  const handled = await applyEntryScenario(
    scenario,
    response,
    {
      throttle: () =>
        sendOpenAiError(
          response,
          429,
          'Rate limit reached for requests. Please try again in 1s.',
          'requests',
          'rate_limit_exceeded',
          { 'retry-after': '1' },
        ),
      serviceUnavailable: () =>
        sendOpenAiError(response, 503, 'The server is overloaded or not ready yet.', 'server_error', null),
    },
    streaming,
  );
  if (handled) return;
  const plan = planReply(summarizeResponsesRequest(body, rawBody), { promptCache: state.promptCache });
  if (!streaming) {
    sendJson(response, 200, buildResponse(plan, body, model, 'completed'));
    return;
  }
  const events = buildResponseEvents(plan, body, model);
  startSse(response);
  await runStream(
    response,
    {
      frames: events.map((event) => sseEvent(String(event.type), event)),
      exceptionFrame: sseEvent('error', {
        type: 'error',
        code: 'server_error',
        message: 'The server had an error while processing your request.',
        param: null,
        sequence_number: events.length,
      }),
    },
    scenario,
  );
}
