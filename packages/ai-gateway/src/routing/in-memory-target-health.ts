import {
  type CooldownPolicy,
  DEFAULT_COOLDOWN_POLICY,
  type TargetFailure,
  type TargetHealth,
  type TargetHealthState,
} from './target-health';

type Entry = {
  coolingUntil: number;
  /** Set when a cooldown ends: the next failure cools the target down again at once. */
  probing: boolean;
  failureTimes: number[];
  windowStart: number;
  attempts: number;
  failures: number;
};

export type InMemoryTargetHealth = TargetHealth & {
  /** A cooldown learnt elsewhere (another instance, through Redis). */
  coolDown(key: string, untilMs: number): void;
};

/**
 * Per-instance target health (the right choice for one instance; the app's Redis version shares
 * cooldowns across instances on top of this). `onCooldown` is told about every cooldown it starts.
 */
export function createInMemoryTargetHealth(
  options: { policy?: Partial<CooldownPolicy>; onCooldown?: (key: string, untilMs: number) => void } = {},
): InMemoryTargetHealth {
  const policy = { ...DEFAULT_COOLDOWN_POLICY, ...options.policy };
  const entries = new Map<string, Entry>();

  const entryOf = (key: string, nowMs: number): Entry => {
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = {
        coolingUntil: 0,
        probing: false,
        failureTimes: [],
        windowStart: nowMs,
        attempts: 0,
        failures: 0,
      };
      entries.set(key, entry);
    }
    if (nowMs - entry.windowStart >= policy.windowMs) {
      entry.windowStart = nowMs;
      entry.attempts = 0;
      entry.failures = 0;
    }
    return entry;
  };

  const coolDown = (key: string, untilMs: number, nowMs: number, announce: boolean) => {
    const entry = entryOf(key, nowMs);
    if (untilMs <= entry.coolingUntil) return;
    entry.coolingUntil = untilMs;
    entry.probing = true;
    entry.failureTimes = [];
    if (announce) options.onCooldown?.(key, untilMs);
  };

  return {
    coolingUntil(key, nowMs) {
      const until = entries.get(key)?.coolingUntil;
      return until !== undefined && until > nowMs ? until : undefined;
    },
    recordSuccess(key, nowMs) {
      const entry = entryOf(key, nowMs);
      entry.attempts++;
      entry.probing = false;
      entry.failureTimes = [];
    },
    recordFailure(key, failure: TargetFailure, nowMs) {
      const entry = entryOf(key, nowMs);
      entry.attempts++;
      entry.failures++;
      entry.failureTimes = entry.failureTimes.filter((time) => nowMs - time < policy.windowMs);
      entry.failureTimes.push(nowMs);
      const throttled = failure.status === 429 || failure.retryAfterMs !== undefined;
      const tripped = entry.probing || throttled || entry.failureTimes.length >= policy.failureThreshold;
      if (!tripped) return;
      const period = Math.min(failure.retryAfterMs ?? policy.cooldownMs, policy.maxCooldownMs);
      coolDown(key, nowMs + Math.max(period, 1), nowMs, true);
    },
    describe(keys, nowMs) {
      return keys.map((key): TargetHealthState => {
        const entry = entries.get(key);
        const recent = entry !== undefined && nowMs - entry.windowStart < policy.windowMs;
        const until = entry !== undefined && entry.coolingUntil > nowMs ? entry.coolingUntil : undefined;
        return {
          key,
          ...(until === undefined ? {} : { coolingDownUntil: until }),
          recentAttempts: recent ? entry.attempts : 0,
          recentFailures: recent ? entry.failures : 0,
        };
      });
    },
    coolDown: (key, untilMs) => coolDown(key, untilMs, Date.now(), false),
  };
}
