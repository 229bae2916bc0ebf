import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiKeys, LISTENER_APPLICATION_NAME } from '@gateway/db';
import { type FreezableProxy, startFreezableProxy } from '@gateway/db/test-support/freezable-proxy';
import { createThrowawayPostgres, type ThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '@/server/runtime';

// Issue 17 #10: the LISTEN connection had no heartbeat and a reload that failed after a notice was
// never retried, so a revoked key could keep working on another instance.
const serverUrl = process.env.DATABASE_URL || undefined;
const encryptionKey = randomBytes(32).toString('base64');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function instance(env: Record<string, string>): Promise<Runtime> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-revocation-'));
  const runtime = await createRuntime({
    env: {
      NODE_ENV: 'test',
      GATEWAY_DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: `admin-${randomBytes(16).toString('hex')}`,
      GATEWAY_ENCRYPTION_KEY: encryptionKey,
      LOG_LEVEL: 'silent',
      ...env,
    },
    logger: pino({ level: 'silent' }),
  });
  cleanups.push(async () => {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return runtime;
}

async function eventually(check: () => boolean, withinMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

describe('revocation reaches every instance', () => {
  it('a periodic full reload catches a revocation whose notice was lost', async () => {
    let throwaway: ThrowawayPostgres | undefined;
    if (serverUrl) {
      throwaway = await createThrowawayPostgres(serverUrl);
      cleanups.push(() => (throwaway as ThrowawayPostgres).drop());
    }
    const runtime = await instance({
      GATEWAY_RELOAD_INTERVAL_MS: '300',
      ...(throwaway ? { DATABASE_URL: throwaway.url } : {}),
    });
    const { id, key } = await runtime.apiKeys.create({ name: 'lost-notice' });
    expect(runtime.callerKeys.verify(key)).toBeDefined();
    // Revoked behind the gateway's back: no change notice at all.
    await runtime.database.db.update(apiKeys).set({ revoked_at: new Date() }).where(eq(apiKeys.id, id));
    await eventually(() => runtime.callerKeys.verify(key) === undefined, 2_000);
  });

  it.skipIf(!serverUrl)(
    'a key revoked while the other instance’s LISTEN connection is cut stops working there',
    async () => {
      const throwaway = await createThrowawayPostgres(serverUrl as string);
      cleanups.push(() => throwaway.drop());
      const proxy: FreezableProxy = await startFreezableProxy(throwaway.url);
      cleanups.push(() => proxy.close());
      const writer = await instance({ DATABASE_URL: throwaway.url });
      // The backstop is far away: only the heartbeat can make this pass in time.
      const reader = await instance({
        DATABASE_URL: proxy.url,
        GATEWAY_LISTENER_HEARTBEAT_MS: '400',
        GATEWAY_RELOAD_INTERVAL_MS: '600000',
      });
      const { id, key } = await writer.apiKeys.create({ name: 'cut-listener' });
      await eventually(() => reader.callerKeys.verify(key) !== undefined, 2_000);

      expect(proxy.freeze((startup) => startup.includes(LISTENER_APPLICATION_NAME))).toBe(1);
      expect(await writer.apiKeys.revoke(id)).toBe(true);
      const lag = await eventually(() => reader.callerKeys.verify(key) === undefined, 4_000);
      console.info(`revocation reached the instance with a cut listener after ${lag} ms`);
    },
  );
});
