/**
 * Cooldown state of upstream targets, behind an interface so one instance keeps it in memory and
 * a fleet shares it (the app's Redis implementation). Reads are synchronous: they sit on the hot
 * path of every request with several targets; writes are fire-and-forget.
 */
export type TargetHealth = {
  /** Epoch ms until which the target is cooling down, or undefined when it may take traffic. */
  coolingUntil(key: string, nowMs: number): number | undefined;
  recordSuccess(key: string, nowMs: number): void;
  /** A retryable failure (429, 5xx, timeout, connection error); may start a cooldown. */
  recordFailure(key: string, failure: TargetFailure, nowMs: number): void;
  /** For the console: each key's state now. */
  describe(keys: readonly string[], nowMs: number): TargetHealthState[] | Promise<TargetHealthState[]>;
};

export type TargetFailure = {
  status: number;
  /** The upstream's `retry-after`, when it sent one. */
  retryAfterMs?: number | undefined;
};

export type TargetHealthState = {
  key: string;
  /** Epoch ms; absent when the target is healthy. */
  coolingDownUntil?: number;
  /** Attempts and retryable failures seen by this instance within the policy's window. */
  recentAttempts: number;
  recentFailures: number;
};

/**
 * When a target is skipped. Throttling (429) cools a target down at once, for its `retry-after`
 * or `cooldownMs` (a team's Bedrock quota is per region and account: hammering a throttled region
 * only extends the throttle); other retryable failures after `failureThreshold` within `windowMs`.
 * After a cooldown the next live request probes the target; one more failure cools it down again.
 */
export type CooldownPolicy = {
  failureThreshold: number;
  windowMs: number;
  cooldownMs: number;
  /** A longer `retry-after` is capped here, so a bad header cannot park a target for hours. */
  maxCooldownMs: number;
};

export const DEFAULT_COOLDOWN_POLICY: CooldownPolicy = {
  failureThreshold: 3,
  windowMs: 30_000,
  cooldownMs: 30_000,
  maxCooldownMs: 300_000,
};

/** The key a target's state is kept under: the definition's public id and the target's name. */
export function targetHealthKey(publicId: string, targetName: string): string {
  return `${publicId}#${targetName}`;
}
