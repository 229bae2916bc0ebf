import { timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { EmulatorRequest, EmulatorState } from '../emulator-state';
import { parseJsonObject, sendJson } from '../http-utils';
import { planReply } from '../reply/reply-plan';
import { applyEntryScenario } from '../scenarios/apply-entry-scenario';
import { runStream } from '../scenarios/stream-runner';
import { sseData, startSse } from '../sse';
import { buildChatCompletion, buildChatCompletionChunks } from './openai-output';
import { summarizeOpenAiRequest } from './summarize-openai-request';

export const OPENAI_MODEL_IDS = ['emulator-chat', 'emulator-tools'];

/** OpenAI error body. https://platform.openai.com/docs/guides/error-codes */
export function sendOpenAiError(
  response: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, { error: { message, type, param: null, code } }, headers);
}

function sameSecret(left: string, right: string): boolean {
  const leftBytes = Buffer.from(left, 'utf8');
  const rightBytes = Buffer.from(right, 'utf8');
  return leftBytes.length === rightBytes.length && timingSafeEqual(leftBytes, rightBytes);
}

/** Checks `Authorization: Bearer` when a key is configured; sends the 401 and returns false otherwise. */
export function authenticateOpenAi(
  request: EmulatorRequest,
  response: ServerResponse,
  state: EmulatorState,
): boolean {
  const authorization = request.record.headers.authorization;
  if (authorization?.startsWith('Bearer ')) request.record.auth = 'bearer';
  if (state.openAiApiKey === undefined) return true;
  const presented = authorization?.startsWith('Bearer ')
    ? authorization.slice('Bearer '.length).trim()
    : undefined;
  if (presented !== undefined && sameSecret(presented, state.openAiApiKey)) return true;
  request.record.authError = 'invalid_api_key';
  const message =
    presented === undefined
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
      : 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.';
  sendOpenAiError(response, 401, message, 'invalid_request_error', 'invalid_api_key');
  return false;
}

export function handleOpenAiModels(
  request: EmulatorRequest,
  response: ServerResponse,
  state: EmulatorState,
): void {
  if (!authenticateOpenAi(request, response, state)) return;
  sendJson(response, 200, {
    object: 'list',
    data: OPENAI_MODEL_IDS.map((id) => ({
      id,
      object: 'model',
      created: 1_700_000_000,
      owned_by: 'emulator',
    })),
  });
}

/** POST /v1/chat/completions */
export async function handleChatCompletions(
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
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    sendOpenAiError(
      response,
      400,
      "Missing required parameter: 'messages'.",
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
          {
            'retry-after': '1',
          },
        ),
      serviceUnavailable: () =>
        sendOpenAiError(response, 503, 'The server is overloaded or not ready yet.', 'server_error', null),
    },
    streaming,
  );
  if (handled) return;

  const longStreamDeltas =
    scenario?.name === 'long-stream' ? (scenario.options.deltaCount ?? 200) : undefined;
  const plan = planReply(summarizeOpenAiRequest(body, rawBody), {
    promptCache: state.promptCache,
    longStreamDeltas,
  });
  if (!streaming) {
    sendJson(response, 200, buildChatCompletion(plan, model));
    return;
  }
  const includeUsage =
    (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  const frames = [...buildChatCompletionChunks(plan, model, includeUsage).map(sseData), sseData('[DONE]')];
  startSse(response);
  await runStream(
    response,
    {
      frames,
      exceptionFrame: sseData({
        error: {
          message: 'The server had an error while processing your request.',
          type: 'server_error',
          param: null,
          code: null,
        },
      }),
    },
    scenario,
  );
}
