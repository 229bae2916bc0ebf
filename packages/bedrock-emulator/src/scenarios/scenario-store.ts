import type { ScenarioName, ScenarioOptions } from '../types';

export type ActiveScenario = {
  name: ScenarioName;
  options: ScenarioOptions;
};

export const SCENARIO_NAMES: readonly ScenarioName[] = [
  'throttle',
  'service-unavailable',
  'midstream-exception',
  'bad-crc',
  'slow-drip',
  'hang',
  'reset',
  'capture',
  'long-stream',
  'throttle-first-frame',
  'use-tool',
];

/** The reply's tool choice under the `use-tool` scenario (undefined: the default, first tool). */
export function toolPolicyOf(
  scenario: ActiveScenario | undefined,
): { toolName?: string; toolInput?: Record<string, unknown> } | undefined {
  if (scenario?.name !== 'use-tool') return undefined;
  return {
    ...(scenario.options.toolName !== undefined ? { toolName: scenario.options.toolName } : {}),
    ...(scenario.options.toolInput !== undefined ? { toolInput: scenario.options.toolInput } : {}),
  };
}

type StoredScenario = ActiveScenario & { remaining: number };

/** Fault scenarios keyed by model id, or by region (`*` matches every key). */
export class ScenarioStore {
  private readonly byModel = new Map<string, StoredScenario>();

  set(modelId: string, name: ScenarioName, options: ScenarioOptions = {}): void {
    if (!SCENARIO_NAMES.includes(name)) throw new Error(`Unknown scenario: ${name}`);
    this.byModel.set(modelId, { name, options, remaining: options.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.byModel.clear();
  }

  /** The scenario for this request, counting one use of it. */
  take(modelId: string | undefined): ActiveScenario | undefined {
    const key = modelId !== undefined && this.byModel.has(modelId) ? modelId : '*';
    const stored = this.byModel.get(key);
    if (!stored) return undefined;
    stored.remaining -= 1;
    if (stored.remaining <= 0) this.byModel.delete(key);
    return { name: stored.name, options: stored.options };
  }
}
