import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type Service, startService } from './processes';

export const APP_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));
export const ROOT_DIRECTORY = path.resolve(APP_DIRECTORY, '../..');
const NEXT_BIN = path.join(APP_DIRECTORY, 'node_modules/next/dist/bin/next');

/** `node --import tsx` so each service is one process that `--cpu-prof` can profile. */
const cpuProfileFlags = () =>
  process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
const tsxNode = (file: string, extra: string[] = []) => [
  ...cpuProfileFlags(),
  '--import',
  'tsx',
  file,
  ...extra,
];

export async function startEmulatorService(options: { verifySignatures?: boolean } = {}): Promise<Service> {
  const port = await freePort();
  const verify = options.verifySignatures ?? true;
  return startService({
    name: verify ? 'emulator' : 'emulator (signatures not verified)',
    command: process.execPath,
    args: ['--import', 'tsx', 'bench/emulator-process.ts', `${port}`, ...(verify ? [] : ['unverified'])],
    cwd: APP_DIRECTORY,
    url: `http://127.0.0.1:${port}`,
    readyPath: '/__emulator/requests',
  });
}

export type GatewayMode = 'route-handlers' | 'custom-server' | 'standalone';

/** The same environment for every gateway mode: production, own data dir, the emulator allowed. */
export function gatewayEnv(emulatorUrl: string, mode: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    GATEWAY_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    GATEWAY_ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY,
    GATEWAY_ALLOWED_UPSTREAM_HOSTS: '127.0.0.1',
    GATEWAY_DATA_DIR: mkdtempSync(path.join(tmpdir(), `gateway-bench-${mode}-`)),
    GATEWAY_BENCH_ROUTES: '1',
    GATEWAY_BENCH_UPSTREAM: `${emulatorUrl}/v1/chat/completions`,
    LOG_LEVEL: 'warn',
  };
  return env;
}

export const BENCH_ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;
const BENCH_ENCRYPTION_KEY = randomBytes(32).toString('base64');

/**
 * A build that has the /api/bench routes and is newer than every source file of the app and the
 * workspace packages (the route handlers run the bundled copy of the core, so a stale build would
 * measure old code).
 */
export function hasProductionBuild(): boolean {
  const buildId = path.join(APP_DIRECTORY, '.next/BUILD_ID');
  const manifest = path.join(APP_DIRECTORY, '.next/app-path-routes-manifest.json');
  if (!existsSync(buildId) || !existsSync(manifest)) return false;
  if (!readFileSync(manifest, 'utf8').includes('/api/bench/proxy')) return false;
  const builtAt = statSync(buildId).mtimeMs;
  const sources = [
    path.join(APP_DIRECTORY, 'src'),
    ...['ai-gateway', 'db'].map((name) => path.join(ROOT_DIRECTORY, 'packages', name, 'src')),
  ];
  return !sources.some((folder) => newestSourceMtime(folder) > builtAt);
}

function newestSourceMtime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (/\.(ts|tsx|css)$/.test(entry.name) && !entry.name.includes('.test.')) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

export async function startGateway(
  mode: GatewayMode,
  emulatorUrl: string,
  databaseUrl: string | undefined,
): Promise<Service> {
  const port = await freePort();
  const env = {
    ...gatewayEnv(emulatorUrl, mode),
    // Explicitly unset for PGlite: the bench's own DATABASE_URL must not leak into that gateway.
    DATABASE_URL: databaseUrl,
    PORT: `${port}`,
    HOST: '127.0.0.1',
  };
  const common = {
    name: mode,
    cwd: APP_DIRECTORY,
    url: `http://127.0.0.1:${port}`,
    readyPath: '/api/health',
    env,
  };
  if (mode === 'route-handlers') {
    return startService({
      ...common,
      command: process.execPath,
      args: [...cpuProfileFlags(), NEXT_BIN, 'start', '-p', `${port}`, '-H', '127.0.0.1'],
    });
  }
  const entry = mode === 'custom-server' ? 'src/entries/custom-server.ts' : 'src/entries/standalone.ts';
  return startService({ ...common, command: process.execPath, args: tsxNode(entry) });
}

export async function startMinimalNodeProxy(emulatorUrl: string): Promise<Service> {
  const port = await freePort();
  return startService({
    name: 'minimal node:http + undici',
    command: process.execPath,
    args: tsxNode('bench/minimal-node-proxy.ts', [`${port}`, `${emulatorUrl}/v1/chat/completions`]),
    cwd: APP_DIRECTORY,
    url: `http://127.0.0.1:${port}`,
  });
}

export async function startPortkey(): Promise<Service> {
  const port = await freePort();
  return startService({
    name: 'portkey',
    command: process.execPath,
    args: [
      path.join(APP_DIRECTORY, 'node_modules/@portkey-ai/gateway/build/start-server.js'),
      // As Portkey's users start it: without --headless (which skips its console and request log).
      `--port=${port}`,
    ],
    cwd: APP_DIRECTORY,
    url: `http://127.0.0.1:${port}`,
  });
}
