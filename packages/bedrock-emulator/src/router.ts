import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleMessages } from './anthropic/anthropic-face';
import { sendAwsError } from './bedrock/bedrock-errors';
import { handleBedrock, matchBedrockRoute } from './bedrock/bedrock-face';
import { handleControl } from './emulator-control';
import type { EmulatorRequest, EmulatorState } from './emulator-state';
import { headerRecord, normalizeRawHeaders, readBody, sendJson } from './http-utils';
import { handleChatCompletions, handleOpenAiModels } from './openai/openai-face';
import type { EmulatorFace } from './types';

function faceOf(path: string): EmulatorFace {
  if (path.startsWith('/__emulator/')) return 'emulator';
  if (path.startsWith('/model/')) return 'bedrock';
  if (/^\/(v1\/)?(chat\/completions|models)(\?|$)/.test(path)) return 'openai';
  if (/^\/v1\/messages(\?|$)/.test(path)) return 'anthropic';
  return 'unknown';
}

/** Reads and records the request, then hands it to the face that owns the path. */
export async function route(
  incoming: IncomingMessage,
  response: ServerResponse,
  state: EmulatorState,
): Promise<void> {
  const body = await readBody(incoming);
  const path = incoming.url ?? '/';
  const method = incoming.method ?? 'GET';
  const face = faceOf(path);
  const rawHeaders = normalizeRawHeaders(incoming.rawHeaders);
  const request: EmulatorRequest = {
    record: {
      method,
      path,
      headers: headerRecord(rawHeaders),
      body: body.toString('utf8'),
      face,
      signatureVerified: false,
      auth: 'none',
    },
    // Unfiltered: over HTTP/2 the AWS SDK signs the `:authority` pseudo-header instead of `host`.
    rawHeaders: incoming.rawHeaders,
    body,
  };
  state.requests.push(request.record);
  const pathOnly = path.split('?')[0];

  if (face === 'emulator') return handleControl(request, response, state);
  if (face === 'bedrock') {
    const bedrockRoute = method === 'POST' ? matchBedrockRoute(path) : undefined;
    if (bedrockRoute) return handleBedrock(request, response, state, bedrockRoute);
    return sendAwsError(response, {
      status: 404,
      errorType: 'UnknownOperationException',
      message: 'Not Found',
    });
  }
  if (face === 'openai' && method === 'POST' && pathOnly?.endsWith('/chat/completions')) {
    return handleChatCompletions(request, response, state);
  }
  if (face === 'openai' && method === 'GET' && pathOnly?.endsWith('/models')) {
    return handleOpenAiModels(request, response, state);
  }
  if (face === 'anthropic' && method === 'POST') return handleMessages(request, response, state);
  sendJson(response, 404, {
    error: { message: `Unknown route ${method} ${pathOnly}`, type: 'invalid_request_error' },
  });
}
