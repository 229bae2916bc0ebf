import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createThrowawayPostgres, type ThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '@/cli/cli-io';
import { main } from '@/cli/main';
import { createRuntime } from '@/server/runtime';
import { environment } from '../support/environment';

// Issue 17 #1: with an encryption key but no admin token and NODE_ENV unset (the README's
// `secrets:rotate` set-up), the CLI used to create an unrestricted "development" caller key, write
// it to dev-secrets.json and print it on stdout.
let dataDir: string;
let throwaway: ThrowawayPostgres | undefined;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-dev-secrets-'));
  if (process.env.DATABASE_URL) throwaway = await createThrowawayPostgres(process.env.DATABASE_URL);
});
afterAll(async () => {
  await throwaway?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function runCli(argv: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('development secrets are generated only for next dev on the embedded database', () => {
  it('the CLI never generates secrets or a caller key (NODE_ENV unset, no admin token)', async () => {
    const env = environment({
      GATEWAY_DATA_DIR: dataDir,
      GATEWAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'silent',
      ...(throwaway ? { DATABASE_URL: throwaway.url } : {}),
    });
    const listed = await runCli(['keys:list'], env);
    expect(listed.code).toBe(0);
    expect(existsSync(path.join(dataDir, 'dev-secrets.json'))).toBe(false);
    expect(listed.stdout).not.toContain('development');
    expect(listed.stdout).toBe('No caller keys.\n');
    expect(listed.stdout + listed.stderr).not.toMatch(/gw-admin-|sk-gw-/);
  });

  it('the server refuses to generate development secrets when DATABASE_URL is set', async () => {
    const emptyDir = mkdtempSync(path.join(tmpdir(), 'gateway-dev-secrets-'));
    try {
      await expect(
        createRuntime({
          env: {
            NODE_ENV: 'development',
            GATEWAY_DATA_DIR: emptyDir,
            DATABASE_URL: 'postgres://127.0.0.1:1/never-reached',
            LOG_LEVEL: 'silent',
          },
        }),
      ).rejects.toThrow(/GATEWAY_ADMIN_TOKEN/);
      expect(existsSync(path.join(emptyDir, 'dev-secrets.json'))).toBe(false);
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('an unset NODE_ENV is not development: the server generates nothing', async () => {
    const emptyDir = mkdtempSync(path.join(tmpdir(), 'gateway-dev-secrets-'));
    try {
      await expect(
        createRuntime({ env: environment({ GATEWAY_DATA_DIR: emptyDir, LOG_LEVEL: 'silent' }) }),
      ).rejects.toThrow(/GATEWAY_ADMIN_TOKEN/);
      expect(existsSync(path.join(emptyDir, 'dev-secrets.json'))).toBe(false);
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});
