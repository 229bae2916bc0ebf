import type { Logger } from '../logger';

export type BackgroundReloadOptions = {
  /** Named reloads (definitions, caller keys, budgets); each is already coalesced. */
  reloads: Record<string, () => Promise<void>>;
  logger: Logger;
  /** Full reload of everything this often (the backstop), default 30 s. */
  intervalMs: number;
  /** Retries of a failed reload after a change notice: delays double from this, default 250 ms. */
  retryBaseDelayMs?: number;
  maxRetries?: number;
};

/**
 * Keeps the in-process caches right even when a change notice is lost or its reload fails
 * (issue 17 #10): a reload triggered by a notice is retried with backoff until it succeeds, and
 * everything is reloaded in full every `intervalMs` regardless, so a revoked key stops working on
 * every instance within that interval whatever happened to LISTEN/NOTIFY.
 */
export function createBackgroundReload(options: BackgroundReloadOptions) {
  const baseDelay = options.retryBaseDelayMs ?? 250;
  const maxRetries = options.maxRetries ?? 6;
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const later = (work: () => void, delayMs: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) work();
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };

  const run = (name: string, attempt: number): void => {
    const reload = options.reloads[name];
    if (!reload || stopped) return;
    reload().catch((error: unknown) => {
      if (attempt >= maxRetries) {
        options.logger.warn(
          { cache: name, err: (error as Error).message },
          'cache reload failed repeatedly; the periodic reload will try again',
        );
        return;
      }
      later(() => run(name, attempt + 1), baseDelay * 2 ** attempt);
    });
  };

  const interval = setInterval(() => {
    for (const name of Object.keys(options.reloads)) {
      options.reloads[name]?.().catch((error: unknown) => {
        options.logger.warn({ cache: name, err: (error as Error).message }, 'periodic cache reload failed');
      });
    }
  }, options.intervalMs);
  interval.unref();

  return {
    /** Reloads one cache now, retrying with backoff on failure. */
    trigger: (name: string) => run(name, 0),
    stop() {
      stopped = true;
      clearInterval(interval);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
