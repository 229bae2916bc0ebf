import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type EmulatorHandle, startEmulator } from '@gateway/bedrock-emulator';
import { createThrowawayPostgres, type ThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '@/server/http/serve-http';
import { createRuntime, type Runtime } from '@/server/runtime';
import { countQueries } from './support/count-queries';
import { bedrockDefinition, openAiDefinition } from './support/definitions';

/**
 * Scale-out: two gateway instances (two runtimes, two servers) on one real Postgres. A change made
 * through instance A must reach instance B through LISTEN/NOTIFY within a second, and a gateway
 * request must never touch the database in steady state.
 */
const serverUrl = process.env.DATABASE_URL || undefined;
if (!serverUrl)
  console.info('scale-out: DATABASE_URL is unset, so the two-instance Postgres tests are skipped');

type Instance = { runtime: Runtime; url: string; close: () => Promise<void> };

const adminToken = `test-admin-${randomBytes(12).toString('hex')}`;
const encryptionKey = randomBytes(32).toString('base64');
const dataDirs: string[] = [];

async function startInstance(databaseUrl: string | undefined): Promise<Instance> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-scale-'));
  dataDirs.push(dataDir);
  const runtime = await createRuntime({
    env: {
      NODE_ENV: 'test',
      GATEWAY_DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: adminToken,
      GATEWAY_ENCRYPTION_KEY: encryptionKey,
      GATEWAY_ALLOWED_UPSTREAM_HOSTS: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    logger: pino({ level: 'silent' }),
  });
  const http = await serveHttp({ runtime, port: 0 });
  return {
    runtime,
    url: http.url,
    close: async () => {
      await http.close();
      await runtime.close();
    },
  };
}

const admin = (instance: Instance, method: string, pathname: string, body?: unknown) =>
  fetch(`${instance.url}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const chat = (instance: Instance, key: string, model: string, stream = false) =>
  fetch(`${instance.url}/api/gateway/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream, max_tokens: 64, messages: [{ role: 'user', content: 'ping' }] }),
  });

/** Polls until `check` holds; returns how long it took. Fails past `withinMs`. */
async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`not seen within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function createKey(instance: Instance): Promise<{ id: string; key: string }> {
  const response = await admin(instance, 'POST', '/api/admin/api-keys', { name: 'scale-out' });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; key: string };
}

let emulator: EmulatorHandle;
let throwaway: ThrowawayPostgres | undefined;

beforeAll(async () => {
  emulator = await startEmulator();
  if (serverUrl) throwaway = await createThrowawayPostgres(serverUrl);
});
afterAll(async () => {
  await emulator?.close();
  await throwaway?.drop();
  for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!serverUrl)('two instances on one Postgres', () => {
  let instanceA: Instance;
  let instanceB: Instance;
  beforeAll(async () => {
    instanceA = await startInstance(throwaway?.url);
    instanceB = await startInstance(throwaway?.url);
  });
  afterAll(async () => {
    await instanceA?.close();
    await instanceB?.close();
  });

  it('a key created through A is accepted by B, and refused by B once revoked through A', async () => {
    const created = await createKey(instanceA);
    await admin(instanceA, 'PUT', '/api/admin/custom-llms/scale-gpt', openAiDefinition(emulator.url));
    await eventually(async () => (await chat(instanceB, created.key, 'scale-gpt')).status === 200, 1_000);

    expect((await admin(instanceA, 'DELETE', `/api/admin/api-keys/${created.id}`)).status).toBeLessThan(300);
    await eventually(async () => (await chat(instanceB, created.key, 'scale-gpt')).status === 401, 1_000);
  });

  it('a definition PUT through A is served by B, an update too, and a DELETE stops it', async () => {
    const { key } = await createKey(instanceA);
    await eventually(async () => (await chat(instanceB, key, 'missing-yet')).status === 404, 1_000);

    await admin(instanceA, 'PUT', '/api/admin/custom-llms/scale-new', openAiDefinition(emulator.url));
    await eventually(async () => (await chat(instanceB, key, 'scale-new')).status === 200, 1_000);

    // An update (a new alias) reaches B as well.
    await admin(
      instanceA,
      'PUT',
      '/api/admin/custom-llms/scale-new',
      openAiDefinition(emulator.url, { aliases: ['scale-alias'] }),
    );
    await eventually(async () => (await chat(instanceB, key, 'scale-alias')).status === 200, 1_000);

    expect((await admin(instanceA, 'DELETE', '/api/admin/custom-llms/scale-new')).status).toBe(204);
    await eventually(async () => (await chat(instanceB, key, 'scale-new')).status === 404, 1_000);
  });
});

describe('no database on the hot path', () => {
  let instance: Instance;
  let key: string;
  beforeAll(async () => {
    instance = await startInstance(throwaway?.url);
    key = (await createKey(instance)).key;
    await admin(instance, 'PUT', '/api/admin/custom-llms/hot-gpt', openAiDefinition(emulator.url));
    await admin(instance, 'PUT', '/api/admin/custom-llms/hot-claude', bedrockDefinition(emulator.url));
    expect((await chat(instance, key, 'hot-gpt')).status).toBe(200);
  });
  afterAll(() => instance?.close());

  it('the query counter sees what the admin API sends (so zero below means zero)', async () => {
    const counter = countQueries(instance.runtime.database);
    try {
      expect((await admin(instance, 'GET', '/api/admin/custom-llms')).status).toBe(200);
    } finally {
      counter.restore();
    }
    expect(counter.statements.some((statement) => /from "custom_llm2"/i.test(statement))).toBe(true);
  });

  it(`sends zero queries per request (${serverUrl ? 'postgres' : 'pglite'}): only batched background writes`, async () => {
    const counter = countQueries(instance.runtime.database);
    const requests = 200;
    try {
      for (let index = 0; index < requests; index += 10) {
        const batch = await Promise.all(
          Array.from({ length: 10 }, (_, offset) => {
            const which = (index + offset) % 4;
            return chat(instance, key, which < 2 ? 'hot-gpt' : 'hot-claude', which % 2 === 1);
          }),
        );
        for (const response of batch) {
          expect(response.status).toBe(200);
          await response.text();
        }
      }
    } finally {
      counter.restore();
    }
    // Usage rows and key last-used times are written in batches on timers, never per request.
    const background =
      /insert into "?usage_records"?|update "api_keys" set "last_used_at"|^\((connect|transaction)\)$/i;
    const perRequest = counter.statements.filter((statement) => !background.test(statement));
    expect(perRequest).toEqual([]);
    expect(counter.statements.length).toBeLessThan(requests / 10);
  });
});
