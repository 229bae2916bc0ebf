import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export type Service = {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  /** The last lines the process printed, for a failure message. */
  output: () => string;
  stop: () => Promise<void>;
};

/** A free port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server process and waits until `readyPath` answers (any HTTP status) on `url`. The
 * process gets its own group so stop() ends it and whatever it spawned.
 */
export async function startService(options: {
  name: string;
  command: string;
  args: string[];
  url: string;
  readyPath?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}): Promise<Service> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    // A variable set to undefined in `options.env` is removed, not inherited.
    env: Object.fromEntries(
      Object.entries({ ...process.env, ...options.env }).filter(([, value]) => value !== undefined),
    ) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n'));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const service: Service = {
    name: options.name,
    url: options.url,
    pid: child.pid ?? -1,
    child,
    output: () => lines.join('\n'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-(child.pid ?? 0), 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-(child.pid ?? 0), 'SIGKILL');
        } catch {}
      }, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited early:\n${service.output()}`);
    try {
      await fetch(`${options.url}${options.readyPath ?? '/'}`, { signal: AbortSignal.timeout(1_000) });
      return service;
    } catch {
      if (Date.now() > deadline) {
        await service.stop();
        throw new Error(`${options.name} did not start in time:\n${service.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Resident memory of a process and all its descendants, in bytes (Linux /proc). */
export function treeRssBytes(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(parent) ?? [];
      list.push(Number(entry));
      children.set(parent, list);
    } catch {}
  }
  let total = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      total += kilobytes * 1024;
    } catch {}
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}
