import type { CallerKey, GatewayDeps, ResolvedModel } from '../gateway-deps';
import { callerMayUse } from '../handlers/resolve-model-for-caller';
import type { ProviderRegistry } from '../providers/get-provider';
import type { Upstream } from '../providers/types';
import { targetHealthKey } from '../routing/target-health';
import { callUpstream, isExhaustedFailure, type UpstreamAnswer, type UpstreamPlan } from './call-upstream';
import { upstreamsOf } from './upstreams-of';

/**
 * The model's own targets, then each of its `fallbacks` in order (DESIGN.md "Request flow" 4), each
 * with its own targets, health and attempt budget, when everything before failed with a failure
 * another model may not share. A fallback the caller's key may not use, or that no longer exists,
 * is skipped; fallbacks of a fallback are not followed (no cycle can form at run time). The last
 * failure is what the caller sees.
 */
export async function callWithFallbacks(
  deps: GatewayDeps,
  providers: ProviderRegistry,
  caller: CallerKey,
  resolved: ResolvedModel,
  plan: Omit<UpstreamPlan, 'upstreams'>,
): Promise<UpstreamAnswer> {
  try {
    return await callUpstream(deps, { ...plan, upstreams: upstreamsOf(resolved, providers) });
  } catch (primaryError) {
    const fallbacks = resolved.definition.fallbacks ?? [];
    if (fallbacks.length === 0 || !isExhaustedFailure(primaryError)) throw primaryError;
    let lastError: unknown = primaryError;
    for (const fallbackId of fallbacks) {
      const fallback = await deps.resolveModel(fallbackId);
      if (fallback === undefined || !callerMayUse(caller, fallback, fallbackId)) continue;
      try {
        return await callUpstream(deps, { ...plan, upstreams: upstreamsOf(fallback, providers) });
      } catch (error) {
        if (!isExhaustedFailure(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }
}

/**
 * The name `x-gateway-target` and usage records give an upstream: the target's name, or for a
 * fallback model's target `<public_id>#<target>`, so a dashboard can tell the two apart.
 */
export function targetLabel(upstream: Upstream, requestedPublicId: string): string {
  return upstream.label === requestedPublicId
    ? upstream.name
    : targetHealthKey(upstream.label, upstream.name);
}
