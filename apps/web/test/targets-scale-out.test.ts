import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EMULATOR_DEFAULT_CREDENTIALS, type EmulatorHandle, startEmulator } from '@gateway/bedrock-emulator';
import { createThrowawayPostgres, type ThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '@/server/http/serve-http';
import { createRuntime, type Runtime } from '@/server/runtime';

/**
 * Target cooldowns across instances: two gateways (two runtimes, two servers) on one Postgres and
 * one Redis. A region that throttles through A is skipped by B within a second, without B ever
 * sending it a request. Skipped without REDIS_URL and DATABASE_URL (like the Postgres-only tests).
 */
const redisUrl = process.env.REDIS_URL || undefined;
const databaseUrl = process.env.DATABASE_URL || undefined;
if (!redisUrl || !databaseUrl)
  console.info(
    'targets-scale-out: REDIS_URL or DATABASE_URL is unset, so the shared-cooldown tests are skipped',
  );

const adminToken = `test-admin-${randomBytes(12).toString('hex')}`;
const encryptionKey = randomBytes(32).toString('base64');
const dataDirs: string[] = [];
const credentials = EMULATOR_DEFAULT_CREDENTIALS[0]!;
const CLAUDE = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

type Instance = { runtime: Runtime; url: string; close: () => Promise<void> };

async function startInstance(postgresUrl: string, extraEnv: Record<string, string> = {}): Promise<Instance> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-targets-'));
  dataDirs.push(dataDir);
  const runtime = await createRuntime({
    env: {
      NODE_ENV: 'test',
      GATEWAY_DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: adminToken,
      GATEWAY_ENCRYPTION_KEY: encryptionKey,
      GATEWAY_ALLOWED_UPSTREAM_HOSTS: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: postgresUrl,
      GATEWAY_TARGET_COOLDOWN_MS: '60000',
      ...extraEnv,
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

const chat = (instance: Instance, key: string, model: string) =>
  fetch(`${instance.url}/api/gateway/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, max_tokens: 32, messages: [{ role: 'user', content: 'ping' }] }),
  });

const target = (name: string, region: string, priority: number) => ({
  name,
  priority,
  aws_bedrock: {
    region,
    access_key_id: credentials.accessKeyId,
    secret_access_key: credentials.secretAccessKey,
  },
});

let emulator: EmulatorHandle;
let throwaway: ThrowawayPostgres | undefined;
beforeAll(async () => {
  emulator = await startEmulator();
  if (databaseUrl && redisUrl) throwaway = await createThrowawayPostgres(databaseUrl);
});
afterAll(async () => {
  await emulator?.close();
  await throwaway?.drop();
  for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!redisUrl || !databaseUrl)('two instances on one Postgres and one Redis', () => {
  let instanceA: Instance;
  let instanceB: Instance;
  const publicId = `targets-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    const env = { REDIS_URL: redisUrl as string };
    instanceA = await startInstance(throwaway?.url as string, env);
    instanceB = await startInstance(throwaway?.url as string, env);
  });
  afterAll(async () => {
    await instanceA?.close();
    await instanceB?.close();
  });

  it('a cooldown entered through A is respected by B within a second', async () => {
    const saved = await admin(instanceA, 'PUT', `/api/admin/custom-llms/${publicId}`, {
      internal_id: CLAUDE,
      base_url: emulator.url,
      aws_bedrock: { region: 'us-east-1', use_default_credentials: true },
      targets: [target('east', 'us-east-1', 0), target('west', 'us-west-2', 1)],
    });
    expect(saved.status).toBe(201);
    const created = await admin(instanceA, 'POST', '/api/admin/api-keys', { name: 'targets' });
    const { key } = (await created.json()) as { key: string };
    // B has the definition (LISTEN/NOTIFY) before the test goes on.
    for (let tries = 0; (await chat(instanceB, key, publicId)).status !== 200; tries++) {
      if (tries > 50) throw new Error('B never served the definition');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    emulator.reset();
    emulator.setRegionFault('us-east-1', 'throttle');
    const throughA = await chat(instanceA, key, publicId);
    expect(throughA.status).toBe(200);
    expect(throughA.headers.get('x-gateway-target')).toBe('west');
    const cooledAt = Date.now();
    const eastRequests = () => emulator.requests.filter((request) => request.region === 'us-east-1').length;
    expect(eastRequests()).toBe(1);

    // B skips east (it never saw it fail) once A's cooldown reached it: well within a second.
    let heardAfterMs: number | undefined;
    while (Date.now() - cooledAt < 1_000) {
      const states = (await (await admin(instanceB, 'GET', `/api/admin/custom-llms/${publicId}`)).json()) as {
        target_status: { name: string; state: string; cooling_down_until?: string }[];
      };
      if (states.target_status.find((status) => status.name === 'east')?.state === 'cooling_down') {
        heardAfterMs = Date.now() - cooledAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(heardAfterMs).toBeDefined();
    expect(heardAfterMs).toBeLessThan(1_000);
    for (let index = 0; index < 10; index++) {
      const throughB = await chat(instanceB, key, publicId);
      expect(throughB.headers.get('x-gateway-target')).toBe('west');
    }
    expect(eastRequests()).toBe(1);
  });

  it('an instance started later loads the cooldowns already in Redis', async () => {
    const instanceC = await startInstance(throwaway?.url as string, { REDIS_URL: redisUrl as string });
    try {
      const states = (await (await admin(instanceC, 'GET', `/api/admin/custom-llms/${publicId}`)).json()) as {
        target_status: { name: string; state: string }[];
      };
      expect(states.target_status.map(({ name, state }) => [name, state])).toEqual([
        ['east', 'cooling_down'],
        ['west', 'healthy'],
      ]);
    } finally {
      await instanceC.close();
    }
  });
});

describe('Redis down', () => {
  it('keeps serving with per-instance cooldowns', async () => {
    // Nothing listens on this port: the connection fails, the gateway keeps its own state.
    const instance = await startInstance(throwaway?.url ?? '', { REDIS_URL: 'redis://127.0.0.1:1' }).catch(
      () => undefined,
    );
    if (instance === undefined) return;
    try {
      expect(instance.runtime.redis?.available()).toBe(false);
      instance.runtime.targetHealth.recordFailure('m#t', { status: 429 }, Date.now());
      expect(instance.runtime.targetHealth.coolingUntil('m#t', Date.now())).toBeDefined();
    } finally {
      await instance.close();
    }
  });
});
