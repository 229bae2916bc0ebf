import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createThrowawayPostgres, type ThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../server/admin/audit-log';
import { createRuntime } from '../server/runtime';
import type { CliIo, Prompter } from './cli-io';
import { main } from './main';

// Runs on PGlite under a temp GATEWAY_DATA_DIR, or on a throwaway Postgres database when
// DATABASE_URL is set (CI runs the suite both ways).
let dataDir: string;
let throwaway: ThrowawayPostgres | undefined;
const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const SECRET = `cli-secret-${randomBytes(12).toString('hex')}`;
const API_KEY = `bedrock-api-key-${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-cli-'));
  if (process.env.DATABASE_URL) throwaway = await createThrowawayPostgres(process.env.DATABASE_URL);
});
afterAll(async () => {
  await throwaway?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    GATEWAY_DATA_DIR: dataDir,
    GATEWAY_ADMIN_TOKEN: 'cli-test-admin-token',
    GATEWAY_ENCRYPTION_KEY: keyA,
    LOG_LEVEL: 'silent',
    ...(throwaway ? { DATABASE_URL: throwaway.url } : {}),
    ...extra,
  };
}

async function run(argv: string[], options: { env?: Record<string, string>; prompter?: Prompter } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    env: baseEnv(options.env),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    ...(options.prompter ? { prompter: options.prompter } : {}),
  };
  const code = await main(argv, io);
  // Nothing the CLI prints may contain a secret it was given.
  for (const secret of [SECRET, API_KEY, keyA, keyB]) {
    expect(stdout + stderr).not.toContain(secret);
  }
  return { code, stdout, stderr };
}

async function storedWithSecrets(publicId: string, encryptionKey = keyA) {
  const runtime = await createRuntime({ env: baseEnv({ GATEWAY_ENCRYPTION_KEY: encryptionKey }) });
  try {
    return await runtime.customLlms.getWithSecrets(publicId);
  } finally {
    await runtime.close();
  }
}

describe(`gateway CLI on ${process.env.DATABASE_URL ? 'Postgres' : 'embedded PGlite'}`, () => {
  it('adds a Bedrock definition with access keys, the secret read from AWS_SECRET_ACCESS_KEY', async () => {
    const result = await run(
      [
        'llm:add-bedrock',
        '--public-id',
        'team/claude',
        '--region',
        'eu-central-1',
        '--model',
        'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
        '--access-key-id',
        'AKIACLITEST',
        '--display-name',
        'Claude (CLI)',
        '--alias',
        'claude-sonnet-4-5',
        '--alias',
        'sonnet',
      ],
      { env: { AWS_SECRET_ACCESS_KEY: SECRET } },
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Created "team/claude"');
    const stored = await storedWithSecrets('team/claude');
    expect(stored).toMatchObject({
      display_name: 'Claude (CLI)',
      aliases: ['claude-sonnet-4-5', 'sonnet'],
      aws_bedrock: { region: 'eu-central-1', access_key_id: 'AKIACLITEST', secret_access_key: SECRET },
    });
  });

  it('adds API-key and default-credential definitions, and warns about a bare id needing a profile', async () => {
    const apiKey = await run(
      ['llm:add-bedrock', '--public-id', 'claude-key', '--region', 'us-east-1', '--auth', 'api-key'].concat([
        '--model',
        'anthropic.claude-sonnet-4-5-20250929-v1:0',
      ]),
      { env: { AWS_BEARER_TOKEN_BEDROCK: API_KEY } },
    );
    expect(apiKey.code).toBe(0);
    expect(apiKey.stderr).toContain('did you mean us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect((await storedWithSecrets('claude-key'))?.aws_bedrock?.api_key).toBe(API_KEY);

    const chain = await run([
      'llm:add-bedrock',
      '--public-id',
      'claude-chain',
      '--region',
      'us-west-2',
      '--model',
      'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      '--default-credentials',
      '--base-url',
      'https://bedrock-runtime.us-west-2.amazonaws.com',
    ]);
    expect(chain.code).toBe(0);

    const list = await run(['llm:list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/claude-chain\s+bedrock \(default credentials, us-west-2\)/);
    expect(list.stdout).toMatch(/team\/claude\s+bedrock \(access keys, eu-central-1\)/);
    const json = JSON.parse((await run(['llm:list', '--json'])).stdout) as { definition: unknown }[];
    expect(JSON.stringify(json)).toContain('••••');
  });

  it('refuses invalid input with the schema path, missing flags, and overwriting without --replace', async () => {
    const invalid = await run([
      'llm:add-bedrock',
      '--public-id',
      'bad',
      '--region',
      'us_east_1',
      '--model',
      'x',
      '--default-credentials',
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('aws_bedrock.region');

    const missing = await run(['llm:add-bedrock', '--public-id', 'x', '--region', 'us-east-1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('auth mode');

    const twoModes = await run(['llm:add-bedrock', '--api-key', 'k', '--default-credentials']);
    expect(twoModes.code).toBe(2);

    const unknownFlag = await run(['llm:add-bedrock', '--colour', 'blue']);
    expect(unknownFlag.code).toBe(2);

    const args = ['llm:add-bedrock', '--public-id', 'claude-chain', '--region', 'us-west-2'].concat([
      '--model',
      'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      '--default-credentials',
    ]);
    const exists = await run(args);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toContain('--replace');
    expect((await run([...args, '--replace'])).stdout).toContain('Replaced "claude-chain"');
  });

  it('asks for what the flags leave out when a terminal is there, the secret hidden', async () => {
    const asked: { question: string; hidden: boolean }[] = [];
    const answers = ['prompted/claude', 'us-east-1', 'AKIAPROMPT', SECRET];
    const prompter: Prompter = {
      ask: async (question, options = {}) => {
        asked.push({ question, hidden: options.hidden === true });
        return answers.shift() ?? '';
      },
      choose: async (_question, choices) => {
        const accessKeys = choices.find((choice) => choice.value === 'access-keys');
        return accessKeys?.value ?? choices[0]!.value;
      },
      close: () => undefined,
    };
    const result = await run(['llm:add-bedrock'], { prompter });
    expect(result.code).toBe(0);
    expect(asked.find((entry) => entry.question.includes('secret'))?.hidden).toBe(true);
    const stored = await storedWithSecrets('prompted/claude');
    // The model came from the catalog choice (newest first) with the region's profile prefix.
    expect(stored?.internal_id).toMatch(/^us\.anthropic\.claude-/);
    expect(stored?.aws_bedrock?.secret_access_key).toBe(SECRET);
  });

  it('deletes definitions, and says so when there is none', async () => {
    expect((await run(['llm:delete', 'claude-key'])).code).toBe(0);
    const again = await run(['llm:delete', 'claude-key']);
    expect(again).toMatchObject({ code: 1 });
    expect(again.stderr).toContain('No custom LLM "claude-key"');
    expect((await run(['llm:delete'])).code).toBe(2);
  });

  it('creates a caller key (printed once, alone on stdout), lists and revokes it', async () => {
    const created = await run(['keys:create', '--name', 'cli-key']);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^\S{20,}$/);
    const id = /id ([0-9a-f-]{36})/.exec(created.stderr)?.[1];
    expect(id).toBeDefined();
    const list = await run(['keys:list']);
    expect(list.stdout).toContain('cli-key');
    expect(list.stdout).not.toContain(key);
    expect((await run(['keys:revoke', id!])).code).toBe(0);
    expect((await run(['keys:revoke', id!])).code).toBe(1);
    expect((await run(['keys:create'])).code).toBe(2);
  });

  it('sets per-key limits at creation and later, naming a bad flag', async () => {
    const created = await run(['keys:create', '--name', 'limited', '--rpm', '60', '--daily-usd', '2.5']);
    expect(created.code).toBe(0);
    const id = /id ([0-9a-f-]{36})/.exec(created.stderr)?.[1] as string;
    expect((await run(['keys:list'])).stdout).toContain('rpm=60 daily_usd=2.5');
    const changed = await run(['keys:limits', id, '--tpm', '1000', '--max-concurrent', '3']);
    expect(changed).toMatchObject({ code: 0 });
    expect(changed.stdout).toContain('tpm=1000 max_concurrent=3');
    expect((await run(['keys:list'])).stdout).not.toContain('rpm=60');
    const bad = await run(['keys:limits', id, '--rpm', '1.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--rpm');
    expect((await run(['keys:limits', id, '--clear'])).stdout).toContain('none');
    expect((await run(['keys:limits', 'no-such-key', '--rpm', '1'])).code).toBe(1);
  });

  it('creates, lists and revokes named admin tokens, each in the audit log', async () => {
    const created = await run(['admin-tokens:create', '--name', 'ci-bot']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^gw-adm-/);
    const id = /id ([0-9a-f-]+)/.exec(created.stderr)?.[1];
    const list = await run(['admin-tokens:list']);
    expect(list.stdout).toContain('ci-bot');
    expect(list.stdout).not.toContain(token);
    expect((await run(['admin-tokens:revoke', id as string])).code).toBe(0);
    expect((await run(['admin-tokens:revoke', id as string])).code).toBe(1);
    expect((await run(['admin-tokens:create', '--name', 'bootstrap'])).code).toBe(2);
  });

  it('re-encrypts every secret under a new key, idempotently, and fails on a key it cannot open', async () => {
    const rotated = await run(['secrets:rotate'], {
      env: { GATEWAY_ENCRYPTION_KEY: keyB, GATEWAY_ENCRYPTION_KEY_PREVIOUS: keyA },
    });
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/Re-encrypted 2 of 3 definitions/);
    expect(rotated.stdout).toContain('[1/3]');
    expect((await storedWithSecrets('team/claude', keyB))?.aws_bedrock?.secret_access_key).toBe(SECRET);

    const auditRuntime = await createRuntime({ env: baseEnv({ GATEWAY_ENCRYPTION_KEY: keyB }) });
    try {
      const audit = await createAuditLog(auditRuntime.database, auditRuntime.logger).page(undefined);
      expect(audit.data[0]).toMatchObject({ actor: 'cli', action: 'secrets.rotated' });
    } finally {
      await auditRuntime.close();
    }

    const again = await run(['secrets:rotate'], { env: { GATEWAY_ENCRYPTION_KEY: keyB } });
    expect(again.stdout).toMatch(
      /Re-encrypted 0 of 3 definitions .*2 already current, 1 without secrets, 0 failed/,
    );

    const stranger = randomBytes(32).toString('base64');
    const refused = await run(['secrets:rotate'], { env: { GATEWAY_ENCRYPTION_KEY: stranger } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot be opened');
  });

  it('answers help, unknown commands and a Postgres URL without the encryption key', async () => {
    expect((await run(['help'])).stdout).toContain('llm:add-bedrock');
    expect((await run(['nope'])).code).toBe(2);
    const noKey = await run(['llm:list'], {
      env: { DATABASE_URL: 'postgres://user:pw@127.0.0.1:1/none', GATEWAY_ENCRYPTION_KEY: '' },
    });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('GATEWAY_ENCRYPTION_KEY');
  });
});
