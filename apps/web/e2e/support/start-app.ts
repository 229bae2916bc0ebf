import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('../..', import.meta.url));
const nextBin = path.join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next');

export type RunningApp = { url: string; output(): string; stop(): Promise<void> };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** CI runs `pnpm build` before the browser tests; a fresh checkout builds here once. */
export function ensureBuilt(): void {
  if (existsSync(path.join(appDir, '.next', 'BUILD_ID'))) return;
  const result = spawnSync(process.execPath, [nextBin, 'build'], { cwd: appDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
}

/** `next start` on 127.0.0.1 and a free port, waiting until /api/health answers. */
export async function startApp(env: Record<string, string>): Promise<RunningApp> {
  ensureBuilt();
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: appDir,
      env: { ...inherited, NEXT_TELEMETRY_DISABLED: '1', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    const ready = await fetch(`${url}/api/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`next start did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
