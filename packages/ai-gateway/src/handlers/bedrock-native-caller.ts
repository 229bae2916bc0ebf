import { GatewayError } from '../errors/gateway-error';
import type { CallerKey, GatewayDeps, ResolvedModel } from '../gateway-deps';
import { callerMayUse } from './resolve-model-for-caller';

/** AWS's words for a credential it does not recognise (UnrecognizedClientException). */
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const BEARER_HINT =
  'Send your gateway API key as a Bedrock API key: Authorization: Bearer <key> (AWS_BEARER_TOKEN_BEDROCK=<key> for boto3, the AWS CLI and Claude Code; token: { token: <key> } with authSchemePreference: ["httpBearerAuth"] in the AWS SDK for JavaScript).';

/**
 * The native route takes the caller key only as a Bedrock API key (`Authorization: Bearer`). A
 * SigV4-signed request gets AWS's UnrecognizedClientException wording and a hint: the gateway
 * holds no AWS secret of the caller's to verify a signature with.
 */
export async function authenticateBedrockCaller(request: Request, deps: GatewayDeps): Promise<CallerKey> {
  const authorization = request.headers.get('authorization')?.trim() ?? '';
  if (/^AWS4-HMAC-SHA256\b/i.test(authorization)) {
    throw unrecognized(`${INVALID_TOKEN} This gateway does not take AWS SigV4 signatures. ${BEARER_HINT}`);
  }
  const key = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (key === undefined) throw unrecognized(`Missing API key. ${BEARER_HINT}`);
  const caller = await deps.verifyCallerKey(key);
  if (caller === undefined) throw unrecognized(INVALID_TOKEN);
  return caller;
}

function unrecognized(message: string): GatewayError {
  return new GatewayError({ code: 'authentication_failed', status: 403, message });
}

/**
 * `<modelId>` as a `model` field (public id, then alias), then as a definition's `internal_id`
 * (what an AWS SDK or Claude Code sends by default). The key's `allowed_models` apply either way.
 */
export async function resolveNativeModel(
  caller: CallerKey,
  modelId: string,
  deps: GatewayDeps,
): Promise<ResolvedModel> {
  const direct = await deps.resolveModel(modelId);
  const candidates = direct
    ? [direct]
    : (await deps.listModels()).filter((model) => model.definition.internal_id === modelId);
  if (candidates.length === 0) {
    throw new GatewayError({
      code: 'model_not_found',
      status: 404,
      param: 'modelId',
      message: `The model "${modelId}" does not exist or you do not have access to it.`,
    });
  }
  const allowed = candidates.find((candidate) => callerMayUse(caller, candidate, modelId));
  if (allowed === undefined) {
    throw new GatewayError({
      code: 'permission_denied',
      status: 403,
      param: 'modelId',
      message: `This API key is not allowed to use the model "${modelId}".`,
    });
  }
  return allowed;
}
