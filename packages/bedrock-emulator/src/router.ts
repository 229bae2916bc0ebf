import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleCountTokens, handleMessages } from './anthropic/anthropic-face';
import { sendAwsError } from './bedrock/bedrock-errors';
import { handleBedrock, matchBedrockRoute } from './bedrock/bedrock-face';
import { handleControl } from './emulator-control';
import type { EmulatorRequest, EmulatorState } from './emulator-state';
import { headerRecord, normalizeRawHeaders, readBody, sendJson } from './http-utils';
import { handleOpenAiEmbeddings } from './openai/openai-embeddings';
import { handleChatCompletions, handleOpenAiModels } from './openai/openai-face';
import { handleResponses } from './openai/openai-responses';
import { handleSts } from './sts/sts-face';
import type { EmulatorFace } from './types';

// Bearer-authenticated callers pick a region with a base URL such as http://127.0.0.1:PORT/region/us-west-2.
const REGION_PREFIX = /^\/region\/([a-z0-9-]+)(\/.*)$/;

function splitRegionPrefix(path: string): { routePath: string; pathRegion?: string } {
  const match = REGION_PREFIX.exec(path);
  return match ? { routePath: match[2]!, pathRegion: match[1]! } : { routePath: path };
}

function faceOf(method: string, path: string): EmulatorFace {
  if (path.startsWith('/__emulator/')) return 'emulator';
  // STS's Query protocol posts a form to `/` (Action=AssumeRole&Version=2011-06-15...).
  if (method === 'POST' && /^\/(\?|$)/.test(path)) return 'sts';
  if (path.startsWith('/model/')) return 'bedrock';
  if (/^\/(v1\/)?(chat\/completions|models|embeddings|responses)(\?|$)/.test(path)) return 'openai';
  if (/^\/v1\/messages(\/count_tokens)?(\?|$)/.test(path)) return 'anthropic';
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
  const { routePath, pathRegion } = splitRegionPrefix(path);
  const face = faceOf(method, routePath);
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
    routePath,
    pathRegion,
    // Unfiltered: over HTTP/2 the AWS SDK signs the `:authority` pseudo-header instead of `host`.
    rawHeaders: incoming.rawHeaders,
    body,
  };
  state.requests.push(request.record);
  const pathOnly = routePath.split('?')[0];

  if (face === 'emulator') return handleControl(request, response, state);
  if (face === 'sts') return handleSts(request, response, state);
  if (face === 'bedrock') {
    const bedrockRoute = method === 'POST' ? matchBedrockRoute(routePath) : undefined;
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
  if (face === 'openai' && method === 'POST' && pathOnly?.endsWith('/responses')) {
    return handleResponses(request, response, state);
  }
  if (face === 'openai' && method === 'POST' && pathOnly?.endsWith('/embeddings')) {
    return handleOpenAiEmbeddings(request, response, state);
  }
  if (face === 'openai' && method === 'GET' && pathOnly?.endsWith('/models')) {
    return handleOpenAiModels(request, response, state);
  }
  if (face === 'anthropic' && method === 'POST' && pathOnly?.endsWith('/count_tokens')) {
    return handleCountTokens(request, response, state);
  }
  if (face === 'anthropic' && method === 'POST') return handleMessages(request, response, state);
  sendJson(response, 404, {
    error: { message: `Unknown route ${method} ${pathOnly}`, type: 'invalid_request_error' },
  });
}
