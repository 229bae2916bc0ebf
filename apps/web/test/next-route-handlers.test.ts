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

describe('Next.js route handlers', () => {
  it('serve the admin API, the catch-all public id with "/", and the gateway', async () => {
    const api = await import('@/app/api/[...path]/route');

    const put = await api.PUT(
      admin('PUT', '/api/admin/custom-llms/team/claude', bedrockDefinition(emulator.url)),
    );
    expect(put.status).toBe(201);
    const listed = (await (await api.GET(admin('GET', '/api/admin/custom-llms'))).json()) as {
      data: { public_id: string }[];
    };
    expect(listed.data.map((row) => row.public_id)).toEqual(['team/claude']);
    const tested = await api.POST(admin('POST', '/api/admin/custom-llms/team/claude/test'));
    expect(await tested.json()).toMatchObject({ ok: true });
    const ambiguous = await api.POST(admin('POST', '/api/admin/custom-llms/team'));
    expect(ambiguous.status).toBe(405);

    const created = (await (
      await api.POST(admin('POST', '/api/admin/api-keys', { name: 'routes' }))
    ).json()) as {
      key: string;
    };
    const call = (url: string, body: unknown) =>
      new Request(`http://localhost${url}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const completion = await api.POST(
      call('/api/gateway/v1/chat/completions', {
        model: 'team/claude',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(completion.status).toBe(200);
    const message = await api.POST(
      call('/api/gateway/v1/messages', {
        model: 'team/claude',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(message.status).toBe(200);
    expect(emulator.lastRequest()?.signatureVerified).toBe(true);
    const listedModels = await api.GET(
      new Request('http://localhost/api/gateway/v1/models', { headers: { 'x-api-key': created.key } }),
    );
    expect(((await listedModels.json()) as { data: { id: string }[] }).data[0]?.id).toBe('team/claude');

    const deleted = await api.DELETE(admin('DELETE', '/api/admin/custom-llms/team/claude'));
    expect(deleted.status).toBe(204);
  });

  it('the static files of the hot gateway paths export exactly the catch-all handlers (one router)', async () => {
    const api = await import('@/app/api/[...path]/route');
    const staticRoutes = [
      await import('@/app/api/gateway/v1/chat/completions/route'),
      await import('@/app/api/gateway/v1/messages/route'),
      await import('@/app/api/gateway/v1/responses/route'),
      await import('@/app/api/gateway/v1/embeddings/route'),
    ];
    for (const route of staticRoutes) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const) {
        expect(route[method]).toBe(api[method]);
      }
      expect(route.dynamic).toBe('force-dynamic');
    }
  });

  it('health and readiness', async () => {
    const api = await import('@/app/api/[...path]/route');
    expect((await api.GET(new Request('http://localhost/api/health'))).status).toBe(200);
    expect((await api.GET(new Request('http://localhost/api/ready'))).status).toBe(200);
  });

  it('answer exactly as the node entries do, for every route (one router, one path decoding)', async () => {
    const api = await import('@/app/api/[...path]/route');
    const { getRuntime } = await import('@/server/runtime');
    const { serveHttp } = await import('@/server/http/serve-http');
    const runtime = await getRuntime();
    const node = await serveHttp({ runtime, port: 0 });
    try {
      for (const publicId of ['a', 'a/test']) {
        const saved = await api.PUT(
          admin('PUT', `/api/admin/custom-llms/${publicId}`, bedrockDefinition(emulator.url)),
        );
        expect([200, 201]).toContain(saved.status);
      }
      const key = (await (
        await api.POST(admin('POST', '/api/admin/api-keys', { name: 'mounts' }))
      ).json()) as {
        key: string;
      };
      const caller = { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' };
      const requests: [string, string, Record<string, string>, unknown?][] = [
        ['GET', '/api/health', {}],
        ['GET', '/api/ready', {}],
        ['GET', '/api/admin/custom-llms/a%2Ftest', {}],
        ['GET', '/api/admin/custom-llms/a/test', {}],
        ['POST', '/api/admin/custom-llms/a%2Ftest', {}],
        ['POST', '/api/admin/custom-llms/a%2Ftest/test', {}],
        ['POST', '/api/admin/custom-llms/a/test', {}],
        ['GET', '/api/admin/custom-llms/nope', {}],
        ['PATCH', '/api/admin/custom-llms', {}],
        ['GET', '/api/admin/api-keys', {}],
        ['GET', '/api/admin/usage?group_by=model&from=2020-01-01&to=2099-01-01', {}],
        ['GET', '/api/admin/unknown', {}],
        ['GET', '/api/gateway/v1/models', caller],
        [
          'POST',
          '/api/gateway/v1/chat/completions',
          caller,
          { model: 'a/test', messages: [{ role: 'user', content: 'hi' }] },
        ],
        [
          'POST',
          '/api/gateway/v1/messages',
          caller,
          { model: 'a', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
        ],
        ['POST', '/api/gateway/v1/messages', caller, { model: 'a', messages: [] }],
        ['GET', '/api/gateway/v1/chat/completions', caller],
        ['POST', '/api/gateway/v1/nope', caller, {}],
        ['POST', '/api/gateway/v1/messages/nope', caller, {}],
      ];
      const normalize = async (response: Response) => {
        const text = await response.text();
        const body = text === '' ? '' : JSON.parse(text);
        // Per-request values differ by nature; everything else must be identical.
        const scrub = (value: unknown): unknown =>
          JSON.parse(
            JSON.stringify(value)
              .replace(
                /"(id|created|latency_ms|updated_at|key_prefix|created_at|last_used_at)":("[^"]*"|\d+|null)/g,
                '"$1":"*"',
              )
              .replace(/(chatcmpl|msg)_[\w-]+/g, '$1_*'),
          );
        return {
          status: response.status,
          type: response.headers.get('content-type')?.split(';')[0] ?? null,
          allow: response.headers.get('allow'),
          body: scrub(body),
        };
      };
      for (const [method, url, headers, body] of requests) {
        const init = () => ({
          method,
          headers: {
            ...(url.startsWith('/api/admin') ? { authorization: `Bearer ${adminToken}` } : {}),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const handler = api[method as 'GET' | 'POST' | 'PATCH'];
        const viaNext = await normalize(await handler(new Request(`http://localhost${url}`, init())));
        const viaNode = await normalize(await fetch(`${node.url}${url}`, init()));
        expect({ url, method, ...viaNode }).toEqual({ url, method, ...viaNext });
      }
      // The contract: `a%2Ftest` is the public id `a/test`, never the /test action of `a`.
      const got = (await (await api.GET(admin('GET', '/api/admin/custom-llms/a%2Ftest'))).json()) as {
        public_id: string;
      };
      expect(got.public_id).toBe('a/test');
      expect((await api.POST(admin('POST', '/api/admin/custom-llms/a%2Ftest'))).status).toBe(405);
    } finally {
      await node.close();
    }
  });
});
