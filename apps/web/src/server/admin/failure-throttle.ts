/**
 * Throttles admin authentication failures per client address (issue 17 #9): after `maxFailures`
 * wrong tokens within `windowMs`, every admin authentication from that address is refused (429)
 * until the window ends. Kept in memory, per instance: N instances allow N times the failures,
 * which still leaves a 32+ character token out of reach. The client address is the last
 * `x-forwarded-for` entry (the one the nearest proxy saw), else `x-real-ip`; without a proxy the
 * node entries cannot see it and all clients share one bucket (documented in SECURITY.md).
 */
export type FailureThrottle = {
  /** Seconds to wait when the address is blocked, else undefined. */
  blockedFor(address: string, now: number): number | undefined;
  recordFailure(address: string, now: number): void;
};

export function createFailureThrottle(
  options: { maxFailures?: number; windowMs?: number } = {},
): FailureThrottle {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const windows = new Map<string, { start: number; failures: number }>();
  const current = (address: string, now: number) => {
    const window = windows.get(address);
    return window && now - window.start < windowMs ? window : undefined;
  };
  return {
    blockedFor(address, now) {
      const window = current(address, now);
      if (!window || window.failures < maxFailures) return undefined;
      return Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
    },
    recordFailure(address, now) {
      if (windows.size > 10_000) {
        for (const [key, window] of windows) if (now - window.start >= windowMs) windows.delete(key);
      }
      const window = current(address, now);
      if (window) window.failures += 1;
      else windows.set(address, { start: now, failures: 1 });
    },
  };
}

export function clientAddressOf(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded) {
    const last = forwarded.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return headers.get('x-real-ip')?.trim() || 'unknown';
}
