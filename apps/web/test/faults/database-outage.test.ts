import { usageTotals } from '@gateway/db';
import { createThrowawayPostgres, type ThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAiDefinition } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { chat } from './support/gateway-calls';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.info(
    'database outage (postgres): skipped because DATABASE_URL is unset (PGlite cannot be cut off)',
  );
}

/**
 * Postgres cut off and restored during traffic. The cut is a TCP proxy this test owns between the
 * runtime and the server, never the shared server itself.
 */
describe.skipIf(!serverUrl)('database outage (postgres)', () => {
  let throwaway: ThrowawayPostgres;
  let proxy: TcpProxy;
  let gateway: TestGateway;

  beforeAll(async () => {
    throwaway = await createThrowawayPostgres(serverUrl as string);
    const direct = new URL(throwaway.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(throwaway.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    gateway = await startTestGateway({ env: { DATABASE_URL: proxied.toString() } });
    await gateway.putDefinition('gpt', openAiDefinition(gateway.emulator.url));
  });
  afterAll(async () => {
    proxy?.restore();
    await gateway?.close();
    await proxy?.close();
    await throwaway?.drop();
  });

  it('cached definitions and keys keep serving, admin writes get a clear 503, and it recovers alone', async () => {
    expect((await chat(gateway, 'gpt')).status).toBe(200);

    proxy.cut();
    const during = await Promise.all([
      chat(gateway, 'gpt'),
      chat(gateway, 'gpt', { stream: true }),
      chat(gateway, 'gpt', { endpoint: 'messages' }),
      fetch(`${gateway.url}/api/gateway/v1/models`, {
        headers: { authorization: `Bearer ${gateway.callerKey}` },
      }),
    ]);
    for (const response of during) {
      expect(response.status).toBe(200);
      await response.text();
    }

    const write = await gateway.admin(
      'PUT',
      '/api/admin/custom-llms/added-during-outage',
      openAiDefinition(gateway.emulator.url),
    );
    expect(write.status).toBe(503);
    expect(write.headers.get('retry-after')).toBeTruthy();
    expect(((await write.json()) as { error: { message: string } }).error.message).toContain(
      'database is unavailable',
    );
    const key = await gateway.admin('POST', '/api/admin/api-keys', { name: 'during outage' });
    expect(key.status).toBe(503);

    proxy.restore();
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 201; attempt++) {
      const retried = await gateway.admin(
        'PUT',
        '/api/admin/custom-llms/added-after-outage',
        openAiDefinition(gateway.emulator.url),
      );
      status = retried.status;
      if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(201);
    expect((await chat(gateway, 'added-after-outage')).status).toBe(200);
    // Usage recorded during the outage was kept and written once the database came back.
    await gateway.runtime.usage.flush();
    expect(gateway.runtime.usage.pending).toBe(0);
    expect(gateway.runtime.usage.dropped).toBe(0);
    const totals = await usageTotals(gateway.runtime.database, {
      from: new Date(Date.now() - 10 * 60_000),
      to: new Date(Date.now() + 60_000),
      groupBy: 'key',
    });
    // 1 before, 3 during the outage (/v1/models records nothing), 1 after: none lost.
    expect(totals.reduce((sum, row) => sum + row.requests, 0)).toBe(5);
  });
});
