import type { GatewayDeps, ResolvedModel } from './gateway-deps';
import { type BedrockNativeParams, createBedrockNativeHandler } from './handlers/bedrock-native';
import { createChatCompletionsHandler } from './handlers/chat-completions';
import { createCountTokensHandler } from './handlers/count-tokens';
import type { CoreContext } from './handlers/create-endpoint-handler';
import { createEmbeddingsHandler } from './handlers/embeddings';
import { createMessagesHandler } from './handlers/messages';
import { createModelsHandler } from './handlers/models';
import { type ConnectionTestResult, testConnection } from './handlers/test-connection';
import { createDefaultCredentialChain } from './providers/bedrock/bedrock-credentials';
import { createProviderRegistry } from './providers/get-provider';
import { createResponsesEndpoints } from './responses/create-responses-endpoints';
import { describeTargets, type TargetStatus } from './routing/describe-targets';
import { createInMemoryTargetHealth } from './routing/in-memory-target-health';

export type Gateway = {
  chatCompletions(request: Request): Promise<Response>;
  messages(request: Request): Promise<Response>;
  /** `POST /v1/messages/count_tokens` -> `{"input_tokens": n}`. */
  countTokens(request: Request): Promise<Response>;
  models(request: Request): Promise<Response>;
  /** `POST /v1/responses`, and `GET`/`DELETE /v1/responses/<id>` on stored responses. */
  responses(request: Request): Promise<Response>;
  getResponse(request: Request, id: string): Promise<Response>;
  deleteResponse(request: Request, id: string): Promise<Response>;
  /** `POST /v1/embeddings` (definitions with `mode: "embedding"`). */
  embeddings(request: Request): Promise<Response>;
  /** `POST /bedrock/model/<modelId>/<action>`: Bedrock Runtime's own wire, `modelId` decoded once. */
  bedrockNative(request: Request, params: BedrockNativeParams): Promise<Response>;
  /** A 1-token request to the definition's upstream, for the admin console. */
  testConnection(resolved: ResolvedModel): Promise<ConnectionTestResult>;
  /** A definition's targets with their routing fields and health, for the admin console. */
  targets(resolved: ResolvedModel): Promise<TargetStatus[]>;
};

/** The gateway core: plain `Request -> Response` handlers over injected dependencies. */
export function createGateway(gatewayDeps: GatewayDeps): Gateway {
  const deps: GatewayDeps = {
    ...gatewayDeps,
    targetHealth: gatewayDeps.targetHealth ?? createInMemoryTargetHealth(),
  };
  const core: CoreContext = {
    deps,
    providers: createProviderRegistry({
      awsDefaultCredentials: deps.aws?.defaultCredentials ?? createDefaultCredentialChain(),
      stsEndpoint: deps.aws?.stsEndpoint,
      assumeRoleRefreshMs: deps.aws?.assumeRoleRefreshMs,
      logger: deps.logger,
    }),
  };
  // Without a configured key sealed reasoning only opens in this process (a random key).
  const responses = createResponsesEndpoints(
    core,
    deps.responses ?? { sealKey: crypto.getRandomValues(new Uint8Array(32)) },
  );
  return {
    ...responses,
    chatCompletions: createChatCompletionsHandler(core),
    messages: createMessagesHandler(core),
    countTokens: createCountTokensHandler(core),
    models: createModelsHandler(core),
    embeddings: createEmbeddingsHandler(core),
    bedrockNative: createBedrockNativeHandler(core),
    testConnection: (resolved) => testConnection(core, resolved),
    targets: (resolved) => describeTargets(resolved, core.providers, deps.targetHealth, deps.now().getTime()),
  };
}
