import { DEFAULT_TARGET_NAME, resolveTargets } from '../definition/definition-targets';
import type { ResolvedModel } from '../gateway-deps';
import type { ProviderRegistry } from '../providers/get-provider';
import type { RoutedUpstream } from '../routing/select-upstreams';
import { targetHealthKey } from '../routing/target-health';

export { DEFAULT_TARGET_NAME };

/**
 * Built once per (registry, definition object): definitions come from a cache and are replaced,
 * not mutated, on change, so a WeakMap keeps the hot path free of per-request merging.
 */
const cache = new WeakMap<
  ProviderRegistry,
  WeakMap<object, { publicId: string; upstreams: RoutedUpstream[] }>
>();

/**
 * The upstreams a resolved model can go to, one per target (a definition without `targets` is one
 * named `default`), each with the top level applied and its own provider, in definition order.
 * `selectUpstreams` decides the order to try them.
 */
export function upstreamsOf(resolved: ResolvedModel, providers: ProviderRegistry): readonly RoutedUpstream[] {
  const { definition, publicId } = resolved;
  let byDefinition = cache.get(providers);
  if (byDefinition === undefined) {
    byDefinition = new WeakMap();
    cache.set(providers, byDefinition);
  }
  const cached = byDefinition.get(definition);
  if (cached !== undefined && cached.publicId === publicId) return cached.upstreams;
  const upstreams = resolveTargets(definition).map(
    (target): RoutedUpstream => ({
      name: target.name,
      label: publicId,
      definition: target.definition,
      provider: providers.providerFor(target.definition),
      weight: target.weight,
      priority: target.priority,
      healthKey: targetHealthKey(publicId, target.name),
    }),
  );
  byDefinition.set(definition, { publicId, upstreams });
  return upstreams;
}
