import type { GatewayDeps, ResolvedModel } from './gateway-deps';
import { type BedrockNativeParams, createBedrockNativeHandler } from './handlers/bedrock-native';
import { createChatCompletionsHandler } from './handlers/chat-completions';
import type { CoreContext } from './handlers/create-endpoint-handler';
import { createEmbeddingsHandler } from './handlers/embeddings';
import { createMessagesHandler } from './handlers/messages';
import { createModelsHandler } from './handlers/models';
import { type ConnectionTestResult, testConnection } from './handlers/test-connection';
import { createDefaultCredentialChain } from './providers/bedrock/bedrock-credentials';
import { createProviderRegistry } from './providers/get-provider';

export type Gateway = {
  chatCompletions(request: Request): Promise<Response>;
  messages(request: Request): Promise<Response>;
  models(request: Request): Promise<Response>;
  /** `POST /v1/embeddings` (definitions with `mode: "embedding"`). */
  embeddings(request: Request): Promise<Response>;
  /** `POST /bedrock/model/<modelId>/<action>`: Bedrock Runtime's own wire, `modelId` decoded once. */
  bedrockNative(request: Request, params: BedrockNativeParams): Promise<Response>;
  /** A 1-token request to the definition's upstream, for the admin console. */
  testConnection(resolved: ResolvedModel): Promise<ConnectionTestResult>;
};

/** The gateway core: plain `Request -> Response` handlers over injected dependencies. */
export function createGateway(deps: GatewayDeps): Gateway {
  const core: CoreContext = {
    deps,
    providers: createProviderRegistry({
      awsDefaultCredentials: deps.aws?.defaultCredentials ?? createDefaultCredentialChain(),
      logger: deps.logger,
    }),
  };
  return {
    chatCompletions: createChatCompletionsHandler(core),
    messages: createMessagesHandler(core),
    models: createModelsHandler(core),
    embeddings: createEmbeddingsHandler(core),
    bedrockNative: createBedrockNativeHandler(core),
    testConnection: (resolved) => testConnection(core, resolved),
  };
}
