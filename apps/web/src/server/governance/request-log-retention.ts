import { type Database, deleteRequestLogBefore } from '@gateway/db';
import type { Logger } from '../logger';

/**
 * Deletes request-log rows older than `retentionDays`, hourly (and shortly after start), in small
 * batches so the table is never locked. Every instance runs it; concurrent runs only find less
 * to delete. Returns the stop function.
 */
export function startRequestLogRetention(options: {
  database: Database;
  retentionDays: number;
  logger: Logger;
  now: () => Date;
  intervalMs?: number;
}): () => void {
  if (options.retentionDays <= 0) return () => undefined;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const before = new Date(options.now().getTime() - options.retentionDays * 86_400_000);
      const deleted = await deleteRequestLogBefore(options.database, before);
      if (deleted > 0)
        options.logger.info({ deleted, before: before.toISOString() }, 'request log retention');
    } catch (error) {
      options.logger.warn({ err: (error as Error).message }, 'request log retention failed; will retry');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), 60_000);
  const timer = setInterval(() => void run(), options.intervalMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
