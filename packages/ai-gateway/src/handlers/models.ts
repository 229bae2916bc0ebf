import { toGatewayError } from '../errors/gateway-error';
import { renderOpenAiError } from '../errors/render-openai-error';
import { authenticateCaller } from '../pipeline/authenticate-caller';
import type { CoreContext } from './create-endpoint-handler';
import { callerMayUse } from './resolve-model-for-caller';

/** `GET /v1/models`: the OpenAI list of the definitions this key may use. */
export function createModelsHandler({ deps, providers }: CoreContext) {
  return async function models(request: Request): Promise<Response> {
    const headers = new Headers({ 'x-request-id': deps.generateId() });
    try {
      const caller = await authenticateCaller(request.headers, deps);
      const created = Math.floor(deps.now().getTime() / 1000);
      const data = (await deps.listModels())
        .filter((model) => callerMayUse(caller, model))
        .map(({ publicId, definition }) => ({
          id: publicId,
          object: 'model' as const,
          created,
          owned_by: providers.providerFor(definition).ownedBy,
          display_name: definition.display_name ?? publicId,
          ...(definition.context_length ? { context_length: definition.context_length } : {}),
          ...(definition.max_completion_tokens
            ? { max_completion_tokens: definition.max_completion_tokens }
            : {}),
          ...(definition.pricing ? { pricing: definition.pricing } : {}),
          ...(definition.aliases?.length ? { aliases: definition.aliases } : {}),
        }));
      return Response.json({ object: 'list', data }, { headers });
    } catch (thrown) {
      return renderOpenAiError(toGatewayError(thrown), headers);
    }
  };
}
