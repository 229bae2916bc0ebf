import type { ResolvedModel } from '../gateway-deps';
import { upstreamsOf } from '../pipeline/upstreams-of';
import type { ProviderRegistry } from '../providers/get-provider';
import type { ProviderId } from '../providers/types';
import type { TargetHealth } from './target-health';

/** One target as the admin console shows it (no secret: names, routing fields and health). */
export type TargetStatus = {
  name: string;
  provider: ProviderId;
  /** The upstream model id, and the AWS region for Bedrock targets. */
  internal_id: string;
  region?: string;
  weight: number;
  priority: number;
  state: 'healthy' | 'cooling_down';
  /** ISO time the cooldown ends. */
  cooling_down_until?: string;
  /** Within the health window, on this instance. */
  recent_attempts: number;
  recent_failures: number;
  /** recent_failures / recent_attempts, 0 without attempts. */
  recent_error_rate: number;
};

export async function describeTargets(
  resolved: ResolvedModel,
  providers: ProviderRegistry,
  health: TargetHealth | undefined,
  nowMs: number,
): Promise<TargetStatus[]> {
  const upstreams = upstreamsOf(resolved, providers);
  const states = health
    ? await health.describe(
        upstreams.map((upstream) => upstream.healthKey),
        nowMs,
      )
    : [];
  return upstreams.map((upstream, index): TargetStatus => {
    const state = states[index];
    const attempts = state?.recentAttempts ?? 0;
    const failures = state?.recentFailures ?? 0;
    const region = upstream.provider.region?.(upstream.definition);
    return {
      name: upstream.name,
      provider: upstream.provider.id,
      internal_id: upstream.definition.internal_id,
      ...(region === undefined ? {} : { region }),
      weight: upstream.weight,
      priority: upstream.priority,
      state: state?.coolingDownUntil === undefined ? 'healthy' : 'cooling_down',
      ...(state?.coolingDownUntil === undefined
        ? {}
        : { cooling_down_until: new Date(state.coolingDownUntil).toISOString() }),
      recent_attempts: attempts,
      recent_failures: failures,
      recent_error_rate: attempts === 0 ? 0 : Math.round((failures / attempts) * 1000) / 1000,
    };
  });
}
