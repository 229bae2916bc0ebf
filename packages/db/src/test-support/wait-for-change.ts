import type { ChangeNotice } from '../change-notice';
import type { Database } from '../database';

/**
 * Resolves with the first notice `database` hears that matches `predicate`. Subscribe before the
 * write that should cause it. Without `withinMs` the test's own timeout is the only limit.
 */
export function waitForChange(
  database: Database,
  predicate: (change: ChangeNotice) => boolean,
  withinMs?: number,
): Promise<ChangeNotice> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const unsubscribe = database.onChange((change) => {
      if (!predicate(change)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(change);
    });
    if (withinMs !== undefined) {
      timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`no matching change notice within ${withinMs} ms`));
      }, withinMs);
    }
  });
}

/** Collects every notice `database` hears, for asserting what was (not) sent. */
export function recordChanges(database: Database): { changes: ChangeNotice[]; stop(): void } {
  const changes: ChangeNotice[] = [];
  const stop = database.onChange((change) => changes.push(change));
  return { changes, stop };
}
