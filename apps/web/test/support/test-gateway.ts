import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  EMULATOR_DEFAULT_BEDROCK_API_KEY,
  EMULATOR_DEFAULT_CREDENTIALS,
  type EmulatorHandle,
  type EmulatorOptions,
  startEmulator,
} from '@gateway/bedrock-emulator';
import { createThrowawayPostgres, type ThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import pino from 'pino';
import { serveHttp } from '@/server/http/serve-http';
import { createRuntime, type Runtime, type RuntimeOverrides } from '@/server/runtime';
import { assertNoSecretsIn, captureLogs } from './log-capture';

export type TestGateway = {
  runtime: Runtime;
  emulator: EmulatorHandle;
  /** Base URL of the gateway over a real socket, e.g. http://127.0.0.1:PORT */
  url: string;
  adminToken: string;
  /** A caller key created for the test. */
  callerKey: string;
  /** Calls the admin API with the admin token. */
  admin(method: string, pathname: string, body?: unknown): Promise<Response>;
  /** PUT a definition; throws with the server's answer when it is refused. */
  putDefinition(publicId: string, definition: unknown): Promise<void>;
  close(): Promise<void>;
};

export type TestGatewayOptions = {
  emulator?: EmulatorOptions;
  env?: Record<string, string>;
  overrides?: Omit<RuntimeOverrides, 'env'>;
  /** More secrets the test uses, checked against the captured logs at close. */
  extraSecrets?: string[];
};

/**
 * A gateway instance as production wires it (undici client, SSRF policy, caches, encryption), on a
 * throwaway database (real Postgres when DATABASE_URL is set, else PGlite), served over node:http
 * on 127.0.0.1, with the emulator as its upstream.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const emulator = await startEmulator(options.emulator);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-test-'));
  let throwaway: ThrowawayPostgres | undefined;
  if (process.env.DATABASE_URL) throwaway = await createThrowawayPostgres(process.env.DATABASE_URL);
  const adminToken = `test-admin-${randomBytes(12).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    GATEWAY_DATA_DIR: dataDir,
    GATEWAY_ADMIN_TOKEN: adminToken,
    GATEWAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    GATEWAY_ALLOWED_UPSTREAM_HOSTS: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...(throwaway ? { DATABASE_URL: throwaway.url } : {}),
    ...options.env,
  };
  const runtime = await createRuntime({
    env,
    logger: pino({ level: 'info' }, captureLogs()),
    ...options.overrides,
  });
  const http = await serveHttp({ runtime, port: 0 });

  const admin = (method: string, pathname: string, body?: unknown) =>
    fetch(`${http.url}${pathname}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const created = (await (await admin('POST', '/api/admin/api-keys', { name: 'test' })).json()) as {
    key: string;
  };

  return {
    runtime,
    emulator,
    url: http.url,
    adminToken,
    callerKey: created.key,
    admin,
    async putDefinition(publicId, definition) {
      const response = await admin('PUT', `/api/admin/custom-llms/${publicId}`, definition);
      if (response.status !== 200 && response.status !== 201) {
        throw new Error(`PUT ${publicId} answered ${response.status}: ${await response.text()}`);
      }
    },
    async close() {
      await http.close();
      await runtime.usage.flush();
      // Every test file also proves that nothing it did wrote a secret to the logs.
      assertNoSecretsIn([
        adminToken,
        created.key,
        env.GATEWAY_ENCRYPTION_KEY as string,
        EMULATOR_DEFAULT_BEDROCK_API_KEY,
        ...EMULATOR_DEFAULT_CREDENTIALS.flatMap((credential) => [
          credential.secretAccessKey,
          credential.sessionToken ?? credential.secretAccessKey,
        ]),
        ...(options.extraSecrets ?? []),
      ]);
      await runtime.close();
      await emulator.close();
      await throwaway?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
