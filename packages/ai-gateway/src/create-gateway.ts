import type { GatewayDeps, ResolvedModel } from './gateway-deps';
import { createChatCompletionsHandler } from './handlers/chat-completions';
import { createMessagesHandler } from './handlers/messages';
import { createModelsHandler } from './handlers/models';
import { type ConnectionTestResult, testConnection } from './handlers/test-connection';

export type Gateway = {
  chatCompletions(request: Request): Promise<Response>;
  messages(request: Request): Promise<Response>;
  models(request: Request): Promise<Response>;
  /** A 1-token request to the definition's upstream, for the admin console. */
  testConnection(resolved: ResolvedModel): Promise<ConnectionTestResult>;
};

/** The gateway core: plain `Request -> Response` handlers over injected dependencies. */
export function createGateway(deps: GatewayDeps): Gateway {
  return {
    chatCompletions: createChatCompletionsHandler(deps),
    messages: createMessagesHandler(deps),
    models: createModelsHandler(deps),
    testConnection: (resolved) => testConnection(deps, resolved),
  };
}
