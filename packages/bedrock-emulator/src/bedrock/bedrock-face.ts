import type { ServerResponse } from 'node:http';
import type { EmulatorRequest, EmulatorState } from '../emulator-state';
import { applyEntryScenario } from '../scenarios/apply-entry-scenario';
import { authenticateAws } from './bedrock-auth';
import { type BedrockOperation, loadCapture } from './bedrock-captures';
import { handleConverse } from './bedrock-converse';
import { handleCountTokens } from './bedrock-count-tokens';
import {
  type AwsError,
  SERVICE_UNAVAILABLE,
  sendAwsError,
  THROTTLING,
  validationError,
} from './bedrock-errors';
import { handleInvoke } from './bedrock-invoke';
import { isAwsError, type ResolvedModel, resolveFoundationModelId, resolveModelId } from './bedrock-model-id';

export type BedrockRoute = { encodedModelId: string; operation: BedrockOperation | 'count-tokens' };

// Paths from the service model's `requestUri`; the label is one segment, so an ARN must arrive with `/` as %2F.
const ROUTE =
  /^\/model\/([^/?]+)\/(invoke|invoke-with-response-stream|converse|converse-stream|count-tokens)(?:\?.*)?$/;

export function matchBedrockRoute(path: string): BedrockRoute | undefined {
  const match = ROUTE.exec(path);
  if (!match) return undefined;
  return { encodedModelId: match[1]!, operation: match[2] as BedrockRoute['operation'] };
}

function decodeOnce(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

const NOT_FOUND: AwsError = {
  status: 404,
  errorType: 'ResourceNotFoundException',
  message: 'The provided model identifier is invalid.',
};

function resolve(modelId: string | undefined, route: BedrockRoute): ResolvedModel | AwsError {
  if (modelId === undefined) return NOT_FOUND;
  return route.operation === 'count-tokens' ? resolveFoundationModelId(modelId) : resolveModelId(modelId);
}

/**
 * Bedrock Runtime: SigV4 or API-key auth (any configured region), model id rules, fault scenarios
 * (per model, then per region), then the operation.
 */
export async function handleBedrock(
  request: EmulatorRequest,
  response: ServerResponse,
  state: EmulatorState,
  route: BedrockRoute,
): Promise<void> {
  const authError = authenticateAws(request, state, 'bedrock');
  if (authError && state.verifySignatures) {
    sendAwsError(response, authError);
    return;
  }
  const modelId = decodeOnce(route.encodedModelId);
  request.record.modelId = modelId;
  const model = resolve(modelId, route);
  if (isAwsError(model)) {
    sendAwsError(response, model);
    return;
  }
  if (model.embedding && route.operation.startsWith('converse')) {
    sendAwsError(
      response,
      validationError(
        "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
      ),
    );
    return;
  }
  const streaming = route.operation.endsWith('stream');
  const scenario = state.scenarios.take(modelId) ?? state.regionFaults.take(request.record.region);
  const retryAfter = scenario?.options.retryAfterSeconds;
  const errors = {
    throttle: () =>
      sendAwsError(
        response,
        THROTTLING,
        retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
      ),
    serviceUnavailable: () => sendAwsError(response, SERVICE_UNAVAILABLE),
    streamsFirstFrameThrottle: true,
  };
  if (await applyEntryScenario(scenario, response, errors, streaming)) return;
  if (route.operation === 'count-tokens') {
    handleCountTokens(response, model, request.record.body);
    return;
  }
  if (scenario?.name === 'capture') {
    const capture = loadCapture(route.operation);
    response.writeHead(200, {
      'content-type': capture.contentType,
      'content-length': capture.body.length,
      'x-amzn-requestid': capture.requestId,
      ...(route.operation === 'invoke-with-response-stream'
        ? { 'x-amzn-bedrock-content-type': 'application/json' }
        : {}),
    });
    response.end(capture.body);
    return;
  }
  const rawBody = request.record.body;
  const call = { response, record: request.record, state, rawBody, scenario, streaming };
  if (route.operation === 'invoke' || route.operation === 'invoke-with-response-stream') {
    await handleInvoke({ ...call, model });
  } else {
    await handleConverse(call);
  }
}
