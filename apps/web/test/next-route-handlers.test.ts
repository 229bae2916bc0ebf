import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type EmulatorHandle, startEmulator } from '@gateway/bedrock-emulator';
import { createThrowawayPostgres, type ThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedrockDefinition } from './support/definitions';

/**
 * The Next.js route modules themselves (thin wrappers over the core and the admin API), called as
 * Next calls them: `(request, { params })`. Proves the wiring, the catch-all public id and the
 * process-wide runtime from environment variables.
 */
let emulator: EmulatorHandle;
let throwaway: ThrowawayPostgres | undefined;
let dataDir: string;
const adminToken = `route-admin-${randomBytes(8).toString('hex')}`;

beforeAll(async () => {
  emulator = await startEmulator();
  dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-routes-'));
  if (process.env.DATABASE_URL) throwaway = await createThrowawayPostgres(process.env.DATABASE_URL);
  Object.assign(process.env, {
    GATEWAY_DATA_DIR: dataDir,
    GATEWAY_ADMIN_TOKEN: adminToken,
    GATEWAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    GATEWAY_ALLOWED_UPSTREAM_HOSTS: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...(throwaway ? { DATABASE_URL: throwaway.url } : {}),
  });
});
afterAll(async () => {
  const { getRuntime } = await import('@/server/runtime');
  await (await getRuntime()).close();
  await emulator?.close();
  await throwaway?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const admin = (method: string, url: string, body?: unknown) =>
  new Request(`http://localhost${url}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

describe('Next.js route handlers', () => {
  it('serve the admin API, the catch-all public id with "/", and the gateway', async () => {
    const customLlm = await import('@/app/api/admin/custom-llms/[...path]/route');
    const list = await import('@/app/api/admin/custom-llms/route');
    const keys = await import('@/app/api/admin/api-keys/route');
    const chat = await import('@/app/api/gateway/v1/chat/completions/route');
    const messages = await import('@/app/api/gateway/v1/messages/route');
    const models = await import('@/app/api/gateway/v1/models/route');

    const put = await customLlm.PUT(
      admin('PUT', '/api/admin/custom-llms/team/claude', bedrockDefinition(emulator.url)),
      params({ path: ['team', 'claude'] }),
    );
    expect(put.status).toBe(201);
    const listed = (await (await list.GET(admin('GET', '/api/admin/custom-llms'))).json()) as {
      data: { public_id: string }[];
    };
    expect(listed.data.map((row) => row.public_id)).toEqual(['team/claude']);
    const tested = await customLlm.POST(
      admin('POST', '/api/admin/custom-llms/team/claude/test'),
      params({ path: ['team', 'claude', 'test'] }),
    );
    expect(await tested.json()).toMatchObject({ ok: true });
    const ambiguous = await customLlm.POST(
      admin('POST', '/api/admin/custom-llms/team'),
      params({ path: ['team'] }),
    );
    expect(ambiguous.status).toBe(405);

    const created = (await (
      await keys.POST(admin('POST', '/api/admin/api-keys', { name: 'routes' }))
    ).json()) as {
      key: string;
    };
    const call = (url: string, body: unknown) =>
      new Request(`http://localhost${url}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const completion = await chat.POST(
      call('/api/gateway/v1/chat/completions', {
        model: 'team/claude',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(completion.status).toBe(200);
    const message = await messages.POST(
      call('/api/gateway/v1/messages', {
        model: 'team/claude',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(message.status).toBe(200);
    expect(emulator.lastRequest()?.signatureVerified).toBe(true);
    const listedModels = await models.GET(
      new Request('http://localhost/api/gateway/v1/models', { headers: { 'x-api-key': created.key } }),
    );
    expect(((await listedModels.json()) as { data: { id: string }[] }).data[0]?.id).toBe('team/claude');

    const deleted = await customLlm.DELETE(
      admin('DELETE', '/api/admin/custom-llms/team/claude'),
      params({ path: ['team', 'claude'] }),
    );
    expect(deleted.status).toBe(204);
  });

  it('health and readiness', async () => {
    const health = await import('@/app/api/health/route');
    const ready = await import('@/app/api/ready/route');
    expect((await health.GET()).status).toBe(200);
    expect((await ready.GET()).status).toBe(200);
  });
});
