import type { ResolvedModel } from '../gateway-deps';
import type { ProviderRegistry } from '../providers/get-provider';
import type { Upstream } from '../providers/types';

/** The target name of a definition without `targets` (DESIGN.md). */
export const DEFAULT_TARGET_NAME = 'default';

/** The upstreams a resolved model can go to, in the order to try. */
export function upstreamsOf(resolved: ResolvedModel, providers: ProviderRegistry): Upstream[] {
  const { definition, publicId } = resolved;
  return [
    { name: DEFAULT_TARGET_NAME, label: publicId, definition, provider: providers.providerFor(definition) },
  ];
}
