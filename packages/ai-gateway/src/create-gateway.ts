import type { GatewayDeps, ResolvedModel } from './gateway-deps';
import { createChatCompletionsHandler } from './handlers/chat-completions';
import { createMessagesHandler } from './handlers/messages';
import { createModelsHandler } from './handlers/models';
import { type ConnectionTestResult, testConnection } from './handlers/test-connection';
import { createResponsesEndpoints } from './responses/create-responses-endpoints';

export type Gateway = {
  chatCompletions(request: Request): Promise<Response>;
  messages(request: Request): Promise<Response>;
  models(request: Request): Promise<Response>;
  /** `POST /v1/responses`, and `GET`/`DELETE /v1/responses/<id>` on stored responses. */
  responses(request: Request): Promise<Response>;
  getResponse(request: Request, id: string): Promise<Response>;
  deleteResponse(request: Request, id: string): Promise<Response>;
  /** A 1-token request to the definition's upstream, for the admin console. */
  testConnection(resolved: ResolvedModel): Promise<ConnectionTestResult>;
};

/** The gateway core: plain `Request -> Response` handlers over injected dependencies. */
export function createGateway(deps: GatewayDeps): Gateway {
  // Without a configured key sealed reasoning only opens in this process (a random key).
  const responses = createResponsesEndpoints(
    deps,
    deps.responses ?? { sealKey: crypto.getRandomValues(new Uint8Array(32)) },
  );
  return {
    ...responses,
    chatCompletions: createChatCompletionsHandler(deps),
    messages: createMessagesHandler(deps),
    models: createModelsHandler(deps),
    testConnection: (resolved) => testConnection(deps, resolved),
  };
}
