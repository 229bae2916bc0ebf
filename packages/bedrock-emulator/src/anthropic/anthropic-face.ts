import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { EmulatorRequest, EmulatorState } from '../emulator-state';
import { parseJsonObject, sendJson } from '../http-utils';
import { estimateTokens, planReply } from '../reply/reply-plan';
import { applyEntryScenario } from '../scenarios/apply-entry-scenario';
import { toolPolicyOf } from '../scenarios/scenario-store';
import { runStream } from '../scenarios/stream-runner';
import { sseEvent, startSse } from '../sse';
import { buildAnthropicEvents, buildAnthropicMessage } from './anthropic-output';
import { summarizeAnthropicRequest } from './summarize-anthropic-request';

/** Anthropic error body. https://docs.anthropic.com/en/api/errors */
function sendAnthropicError(response: ServerResponse, status: number, type: string, message: string): void {
  sendJson(response, status, { type: 'error', error: { type, message } }, { 'request-id': 'req_emulator' });
}

function sameSecret(left: string, right: string): boolean {
  const leftBytes = Buffer.from(left, 'utf8');
  const rightBytes = Buffer.from(right, 'utf8');
  return leftBytes.length === rightBytes.length && timingSafeEqual(leftBytes, rightBytes);
}

/** `x-api-key` (when configured) then the required `anthropic-version` header. */
function checkHeaders(request: EmulatorRequest, response: ServerResponse, state: EmulatorState): boolean {
  const { headers } = request.record;
  const apiKey = headers['x-api-key'];
  if (apiKey !== undefined) request.record.auth = 'x-api-key';
  if (state.anthropicApiKey !== undefined) {
    if (apiKey === undefined) {
      request.record.authError = 'authentication_error';
      sendAnthropicError(response, 401, 'authentication_error', 'x-api-key header is required');
      return false;
    }
    if (!sameSecret(apiKey, state.anthropicApiKey)) {
      request.record.authError = 'authentication_error';
      sendAnthropicError(response, 401, 'authentication_error', 'invalid x-api-key');
      return false;
    }
  }
  if (!headers['anthropic-version']) {
    sendAnthropicError(response, 400, 'invalid_request_error', 'anthropic-version: header is required');
    return false;
  }
  return true;
}

function missingField(body: Record<string, unknown>): string | undefined {
  if (typeof body.model !== 'string') return 'model: Field required';
  if (!Number.isInteger(body.max_tokens)) return 'max_tokens: Field required';
  if (!Array.isArray(body.messages)) return 'messages: Field required';
  return undefined;
}

/**
 * POST /v1/messages/count_tokens -> `{"input_tokens": n}` with the emulator's usage rule (the body
 * without `max_tokens`, as the gateway sends it). https://docs.anthropic.com/en/api/messages-count-tokens
 */
export function handleCountTokens(
  request: EmulatorRequest,
  response: ServerResponse,
  state: EmulatorState,
): void {
  if (!checkHeaders(request, response, state)) return;
  const body = parseJsonObject(request.record.body);
  if (!body || typeof body.model !== 'string' || !Array.isArray(body.messages)) {
    sendAnthropicError(response, 400, 'invalid_request_error', 'model and messages: Field required');
    return;
  }
  request.record.modelId = body.model;
  sendJson(response, 200, { input_tokens: estimateTokens(request.record.body) });
}

/** POST /v1/messages */
export async function handleMessages(
  request: EmulatorRequest,
  response: ServerResponse,
  state: EmulatorState,
): Promise<void> {
  if (!checkHeaders(request, response, state)) return;
  const rawBody = request.record.body;
  const body = parseJsonObject(rawBody);
  if (!body) {
    sendAnthropicError(response, 400, 'invalid_request_error', 'The request body is not valid JSON.');
    return;
  }
  const problem = missingField(body);
  if (problem) {
    sendAnthropicError(response, 400, 'invalid_request_error', problem);
    return;
  }
  const model = body.model as string;
  request.record.modelId = model;
  const streaming = body.stream === true;
  const scenario = state.scenarios.take(model);
  const handled = await applyEntryScenario(
    scenario,
    response,
    {
      throttle: () =>
        sendAnthropicError(
          response,
          429,
          'rate_limit_error',
          'Number of requests has exceeded your rate limit.',
        ),
      serviceUnavailable: () => sendAnthropicError(response, 529, 'overloaded_error', 'Overloaded'),
    },
    streaming,
  );
  if (handled) return;

  const longStreamDeltas =
    scenario?.name === 'long-stream' ? (scenario.options.deltaCount ?? 200) : undefined;
  const plan = planReply(summarizeAnthropicRequest(body, rawBody), {
    promptCache: state.promptCache,
    longStreamDeltas,
    toolPolicy: toolPolicyOf(scenario),
  });
  const ids = { model, messagePrefix: 'msg_', toolPrefix: 'toolu_' };
  if (!streaming) {
    sendJson(response, 200, buildAnthropicMessage(plan, ids), { 'request-id': `req_${plan.idSeed}` });
    return;
  }
  const frames = buildAnthropicEvents(plan, ids).map((event) => sseEvent(event.type, event));
  startSse(response, { 'request-id': `req_${plan.idSeed}` });
  await runStream(
    response,
    {
      frames,
      exceptionFrame: sseEvent('error', {
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' },
      }),
    },
    scenario,
  );
}
