import { GatewayError } from '../errors/gateway-error';
import type { CallerKey, GatewayDeps, ResolvedModel } from '../gateway-deps';

export async function resolveModelForCaller(
  caller: CallerKey,
  model: string,
  deps: GatewayDeps,
): Promise<ResolvedModel> {
  const resolved = await deps.resolveModel(model);
  if (resolved === undefined) {
    throw new GatewayError({
      code: 'model_not_found',
      status: 404,
      param: 'model',
      message: `The model "${model}" does not exist or you do not have access to it.`,
    });
  }
  if (!callerMayUse(caller, resolved, model)) {
    throw new GatewayError({
      code: 'permission_denied',
      status: 403,
      param: 'model',
      message: `This API key is not allowed to use the model "${model}".`,
    });
  }
  return resolved;
}

export function callerMayUse(caller: CallerKey, resolved: ResolvedModel, requestedName?: string): boolean {
  const allowed = caller.allowedModels;
  if (allowed === undefined) return true;
  return (
    allowed.includes(resolved.publicId) || (requestedName !== undefined && allowed.includes(requestedName))
  );
}
