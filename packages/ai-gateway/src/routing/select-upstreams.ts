import type { Upstream } from '../providers/types';
import { type TargetHealth, targetHealthKey } from './target-health';

/** An upstream with what routing needs: its share of traffic, its priority and its health key. */
export type RoutedUpstream = Upstream & { weight: number; priority: number; healthKey: string };

/**
 * The order to try a model's targets in (DESIGN.md "Request flow" 4): healthy targets by priority
 * (lowest first), each priority's targets in a weighted random order (Efraimidis–Spirakis: the
 * first pick is proportional to weight, and so is each next pick among the rest); then the targets
 * cooling down, soonest back first, as a last resort rather than an error while any might answer.
 * A single target is returned as is: no health read and no allocation on the common path.
 */
export function selectUpstreams<T extends RoutedUpstream>(
  targets: readonly T[],
  health: TargetHealth | undefined,
  nowMs: number,
  random: () => number,
): readonly T[] {
  if (targets.length <= 1) return targets;
  const ranked: { target: T; priority: number; rank: number }[] = [];
  for (const target of targets) {
    const coolingUntil = health?.coolingUntil(target.healthKey, nowMs);
    ranked.push(
      coolingUntil === undefined
        ? { target, priority: target.priority, rank: -(random() ** (1 / target.weight)) }
        : { target, priority: Number.POSITIVE_INFINITY, rank: coolingUntil },
    );
  }
  ranked.sort((a, b) => a.priority - b.priority || a.rank - b.rank);
  return ranked.map((entry) => entry.target);
}

export { targetHealthKey };
