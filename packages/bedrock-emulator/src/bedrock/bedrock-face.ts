import type { ServerResponse } from 'node:http';
import type { EmulatorRequest, EmulatorState } from '../emulator-state';
import { applyEntryScenario } from '../scenarios/apply-entry-scenario';
import { authenticateBedrock } from './bedrock-auth';
import { type BedrockOperation, loadCapture } from './bedrock-captures';
import { handleConverse } from './bedrock-converse';
import { SERVICE_UNAVAILABLE, sendAwsError, THROTTLING } from './bedrock-errors';
import { handleInvoke } from './bedrock-invoke';
import { isAwsError, resolveModelId } from './bedrock-model-id';

// Paths from the service model's `requestUri`; the label is one segment, so an ARN must arrive with `/` as %2F.
const ROUTE = /^\/model\/([^/?]+)\/(invoke|invoke-with-response-stream|converse|converse-stream)(?:\?.*)?$/;

export function matchBedrockRoute(
  path: string,
): { encodedModelId: string; operation: BedrockOperation } | undefined {
  const match = ROUTE.exec(path);
  if (!match) return undefined;
  return { encodedModelId: match[1]!, operation: match[2] as BedrockOperation };
}

function decodeOnce(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Bedrock Runtime: SigV4 or API-key auth, model id rules, fault scenarios, then the operation. */
export async function handleBedrock(
  request: EmulatorRequest,
  response: ServerResponse,
  state: EmulatorState,
  route: { encodedModelId: string; operation: BedrockOperation },
): Promise<void> {
  const authError = authenticateBedrock(request, state);
  if (authError && state.verifySignatures) {
    sendAwsError(response, authError);
    return;
  }
  const modelId = decodeOnce(route.encodedModelId);
  request.record.modelId = modelId;
  const model = modelId === undefined ? undefined : resolveModelId(modelId);
  if (!model || isAwsError(model)) {
    sendAwsError(
      response,
      model ?? {
        status: 404,
        errorType: 'ResourceNotFoundException',
        message: 'The provided model identifier is invalid.',
      },
    );
    return;
  }

  const streaming = route.operation.endsWith('stream');
  const scenario = state.scenarios.take(modelId);
  const errors = {
    throttle: () => sendAwsError(response, THROTTLING),
    serviceUnavailable: () => sendAwsError(response, SERVICE_UNAVAILABLE),
  };
  if (await applyEntryScenario(scenario, response, errors, streaming)) return;

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
  if (route.operation === 'invoke' || route.operation === 'invoke-with-response-stream') {
    await handleInvoke({ response, state, model, rawBody, scenario, streaming });
  } else {
    await handleConverse({ response, state, rawBody, scenario, streaming });
  }
}
