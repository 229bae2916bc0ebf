import { bedrockAuthMode } from '../../definition/aws-bedrock-settings-schema';
import { apiAdapterOf, type CustomLlmDefinition } from '../../definition/custom-llm-definition-schema';
import type { AuthorizeContext, NativeAction, UpstreamHttpRequest, UpstreamOperation } from '../types';
import { createAssumedRoleCache } from './bedrock-assume-role';
import { bedrockCountTokensModelId } from './bedrock-count-tokens';
import { type MemoizedCredentialProvider, resolveBedrockCredentials } from './bedrock-credentials';
import { bedrockBaseUrl } from './bedrock-endpoint';
import {
  type BedrockPathAction,
  bedrockAction,
  bedrockModelPath,
  isBedrockStreamingAction,
} from './bedrock-model-path';
import { signWithSigV4 } from './bedrock-sigv4';
import { SigningKeyCache } from './sigv4-sign';

/** Headers the signer owns: whatever a caller or `extra_headers` put there is replaced. */
const AUTH_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];

export type BedrockSignerOptions = {
  /**
   * The AWS default credential chain (memoized). Injected (GatewayDeps.aws), so a test or a
   * deployment decides where credentials come from; no module-level chain.
   */
  defaultCredentials: MemoizedCredentialProvider;
  /** Where AssumeRole goes (tests: the emulator); default the SDK's regional STS endpoint. */
  stsEndpoint?: string | undefined;
  /** How long before an assumed role's session expires it is refreshed (default 5 minutes). */
  assumeRoleRefreshMs?: number | undefined;
};

export type BedrockSigner = (
  request: UpstreamHttpRequest,
  context: Pick<AuthorizeContext, 'definition' | 'stream' | 'now'> &
    Partial<Pick<AuthorizeContext, 'operation' | 'action'>>,
) => Promise<UpstreamHttpRequest>;

/** The Bedrock upstream URL: base URL (a VPC endpoint may carry a base path) + `/model/{id}/{action}`. */
export function bedrockRequestUrl(context: {
  definition: CustomLlmDefinition;
  stream: boolean;
  operation?: UpstreamOperation;
  action?: NativeAction;
}) {
  const action = actionOf(context);
  const internalId = context.definition.internal_id;
  // CountTokens takes a foundation-model id, never an inference profile.
  const modelId = action === 'count-tokens' ? bedrockCountTokensModelId(internalId) : internalId;
  return { url: bedrockBaseUrl(context.definition) + bedrockModelPath(modelId, action), action };
}

/** Chat picks invoke or converse from the adapter; embeddings are InvokeModel; native names its own. */
function actionOf(context: Parameters<typeof bedrockRequestUrl>[0]): BedrockPathAction {
  if (context.operation === 'count_tokens') return 'count-tokens';
  if (context.operation === 'embeddings') return 'invoke';
  if (context.operation === 'native') {
    if (context.action === undefined) throw new Error('A native Bedrock call needs its action');
    return context.action;
  }
  return bedrockAction(apiAdapterOf(context.definition), context.stream);
}

/**
 * Bedrock auth for one attempt (called again on each retry, so every attempt has a fresh
 * `x-amz-date`): a Bedrock API key as `Authorization: Bearer`, or SigV4 with access keys or the
 * default chain. Derived signing keys are cached per (secret, day, region) inside this signer.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html
 */
export function createBedrockSigner(options: BedrockSignerOptions): BedrockSigner {
  const signingKeys = new SigningKeyCache();
  const assumedRoles = createAssumedRoleCache({
    stsEndpoint: options.stsEndpoint,
    refreshBeforeExpiryMs: options.assumeRoleRefreshMs,
  });
  return async (request, context) => {
    const settings = context.definition.aws_bedrock;
    if (settings === undefined) throw new Error('A Bedrock request needs the definition to have aws_bedrock');

    const { url, action } = bedrockRequestUrl(context);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      const lowerName = name.toLowerCase();
      if (!AUTH_HEADERS.includes(lowerName)) headers[lowerName] = value;
    }
    headers['content-type'] = 'application/json';
    headers.accept = isBedrockStreamingAction(action)
      ? 'application/vnd.amazon.eventstream'
      : 'application/json';

    if (bedrockAuthMode(settings) === 'api_key') {
      return { ...request, url, headers: { ...headers, authorization: `Bearer ${settings.api_key}` } };
    }

    const signingDate = context.now();
    const credentials = await resolveBedrockCredentials(
      settings,
      signingDate,
      options.defaultCredentials,
      assumedRoles,
    );
    const signatureHeaders = signWithSigV4(
      {
        method: request.method,
        url: new URL(url),
        headers,
        body: request.body,
        credentials,
        region: settings.region,
        signingDate,
      },
      signingKeys,
    );
    return { ...request, url, headers: { ...headers, ...signatureHeaders } };
  };
}
