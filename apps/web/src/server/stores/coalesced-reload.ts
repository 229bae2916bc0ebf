/**
 * Turns a full reload into one that never runs twice at once. A call made while a load is running
 * gets the *next* load (which starts when the current one ends), never the running one: that one
 * may have read the database before the caller's change committed. Bursts of change notices
 * collapse into at most one load running and one queued.
 */
export function createCoalescedReload(load: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const start = (): Promise<void> => {
    running = load().finally(() => {
      running = undefined;
    });
    return running;
  };
  return () => {
    if (running === undefined) return start();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };
}
