/**
 * `pnpm demo`: the gateway on the embedded database plus the local Bedrock emulator, with two
 * definitions seeded (an OpenAI-compatible model and Claude on "Bedrock"), a caller key, and a
 * ready curl line. No cloud account, no Postgres.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from '@gateway/bedrock-emulator';
import { ensureDevSecrets } from '../src/server/dev-secrets';

const appDir = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(appDir, process.env.GATEWAY_DATA_DIR ?? '.data');
const nextBin = path.join(appDir, 'node_modules', '.bin', 'next');
const children: ChildProcess[] = [];

function step(message: string) {
  console.log(`\n▶ ${message}`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: appDir, env, stdio: 'inherit' });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000} s`);
}

async function main() {
  step('Starting the local Bedrock / OpenAI-compatible emulator');
  const emulator = await startEmulator({ port: Number(process.env.EMULATOR_PORT ?? 4010) }).catch(() =>
    startEmulator({ port: 0 }),
  );
  console.log(`  emulator at ${emulator.url} (checks SigV4 signatures like Bedrock)`);

  const secrets = ensureDevSecrets(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    GATEWAY_DATA_DIR: dataDir,
    GATEWAY_ADMIN_TOKEN: process.env.GATEWAY_ADMIN_TOKEN ?? secrets.admin_token,
    GATEWAY_ENCRYPTION_KEY: process.env.GATEWAY_ENCRYPTION_KEY ?? secrets.encryption_key,
    GATEWAY_ALLOWED_UPSTREAM_HOSTS: `127.0.0.1:${emulator.port}`,
  };
  delete env.DATABASE_URL;

  if (!existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
    step('Building the Next.js app (first run only, about a minute)');
    await run(nextBin, ['build'], env);
  }

  step(`Starting the gateway on http://127.0.0.1:${port} (embedded PGlite in ${dataDir})`);
  const server = spawn(nextBin, ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: appDir,
    env,
    stdio: 'inherit',
  });
  children.push(server);
  server.on('exit', (code) => {
    console.error(`gateway exited (${code})`);
    process.exit(code ?? 1);
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/ready`, 60_000);

  step('Seeding two custom LLM definitions and a caller key');
  const admin = (method: string, pathname: string, body: unknown) =>
    fetch(`${base}${pathname}`, {
      method,
      headers: { authorization: `Bearer ${env.GATEWAY_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const credentials = EMULATOR_DEFAULT_CREDENTIALS[0]!;
  const seeds = {
    'demo-gpt': {
      internal_id: 'emulator-gpt',
      display_name: 'Demo OpenAI-compatible model (emulator)',
      context_length: 128000,
      max_completion_tokens: 4096,
      base_url: `${emulator.url}/v1`,
    },
    'demo-claude': {
      internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      display_name: 'Claude Sonnet 4.5 on Bedrock (emulator)',
      context_length: 200000,
      max_completion_tokens: 8192,
      base_url: emulator.url,
      aliases: ['claude-sonnet-4-5'],
      aws_bedrock: {
        region: 'us-east-1',
        access_key_id: credentials.accessKeyId,
        secret_access_key: credentials.secretAccessKey,
      },
    },
  };
  for (const [publicId, definition] of Object.entries(seeds)) {
    const response = await admin('PUT', `/api/admin/custom-llms/${publicId}`, definition);
    if (!response.ok)
      throw new Error(`seeding ${publicId} failed: ${response.status} ${await response.text()}`);
    console.log(`  ${publicId}: ${response.status === 201 ? 'created' : 'updated'}`);
  }
  const key = (await (
    await admin('POST', '/api/admin/api-keys', { name: `demo ${new Date().toISOString()}` })
  ).json()) as {
    key: string;
  };

  console.log(`
✔ The gateway is up.

  Admin console   ${base}/admin
  Admin token     ${env.GATEWAY_ADMIN_TOKEN}
  Caller key      ${key.key}   (shown once; create more in the console)

  Streamed completion from Claude on (emulated) Bedrock, signed with SigV4:

curl -N ${base}/api/gateway/v1/chat/completions \\
  -H "Authorization: Bearer ${key.key}" -H "Content-Type: application/json" \\
  -d '{"model":"demo-claude","stream":true,"messages":[{"role":"user","content":"Hello!"}]}'

  The same model through the Anthropic Messages API:

curl ${base}/api/gateway/v1/messages \\
  -H "x-api-key: ${key.key}" -H "Content-Type: application/json" \\
  -d '{"model":"claude-sonnet-4-5","max_tokens":256,"messages":[{"role":"user","content":"Hello!"}]}'

  Press Ctrl-C to stop.`);

  const stop = async () => {
    for (const child of children) child.kill('SIGTERM');
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  for (const child of children) child.kill('SIGTERM');
  process.exit(1);
});
