import { describe, expect, it } from 'vitest';
import { type ChangeNotice, RESYNC_NOTICE } from '../change-notice';
import { startFreezableProxy } from '../test-support/freezable-proxy';
import { createThrowawayPostgres } from '../test-support/throwaway-postgres';
import { LISTENER_APPLICATION_NAME, startPostgresChangeListener } from './postgres-change-listener';

const serverUrl = process.env.DATABASE_URL || undefined;

// Issue 17 #10: without a heartbeat a half-open LISTEN socket went unnoticed for the OS keepalive
// period, and every notice meanwhile was lost.
describe.skipIf(!serverUrl)('change listener heartbeat (real Postgres)', () => {
  it('detects a half-open LISTEN connection, reconnects and emits a resync notice', async () => {
    const throwaway = await createThrowawayPostgres(serverUrl as string);
    const proxy = await startFreezableProxy(throwaway.url);
    const heard: ChangeNotice[] = [];
    const listener = await startPostgresChangeListener({
      databaseUrl: proxy.url,
      emit: (change) => heard.push(change),
      heartbeatIntervalMs: 200,
      heartbeatTimeoutMs: 300,
      minReconnectDelayMs: 50,
    });
    try {
      expect(proxy.freeze((startup) => startup.includes(LISTENER_APPLICATION_NAME))).toBe(1);
      const started = Date.now();
      while (!heard.includes(RESYNC_NOTICE) && Date.now() - started < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(heard).toContain(RESYNC_NOTICE);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await listener.close();
      await proxy.close();
      await throwaway.drop();
    }
  });
});
