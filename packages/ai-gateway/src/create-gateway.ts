import type { GatewayDeps, ResolvedModel } from './gateway-deps';
import { createChatCompletionsHandler } from './handlers/chat-completions';
import { createCountTokensHandler } from './handlers/count-tokens';
import type { CoreContext } from './handlers/create-endpoint-handler';
import { createMessagesHandler } from './handlers/messages';
import { createModelsHandler } from './handlers/models';
import { type ConnectionTestResult, testConnection } from './handlers/test-connection';
import { createDefaultCredentialChain } from './providers/bedrock/bedrock-credentials';
import { createProviderRegistry } from './providers/get-provider';

export type Gateway = {
  chatCompletions(request: Request): Promise<Response>;
  messages(request: Request): Promise<Response>;
  /** `POST /v1/messages/count_tokens` -> `{"input_tokens": n}`. */
  countTokens(request: Request): Promise<Response>;
  models(request: Request): Promise<Response>;
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
    countTokens: createCountTokensHandler(core),
    models: createModelsHandler(core),
    testConnection: (resolved) => testConnection(core, resolved),
  };
}
