import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { createAdminApi } from '@/server/admin/admin-api';
import { createGovernanceApi } from '@/server/admin/governance-api';
import type { KeyLimits } from '@/server/governance/key-limits';
import type { TestGateway } from '../support/test-gateway';

/** The governance endpoints of a test gateway, called as handlers (the node router gets them at integration). */
export function governanceCalls(gateway: TestGateway) {
  const api = createGovernanceApi(gateway.runtime, createAdminApi(gateway.runtime));
  const authorized = (path: string, init: RequestInit = {}) =>
    new Request(`http://gateway.test${path}`, {
      ...init,
      headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': 'application/json' },
    });
  return {
    api,
    setLimits: (id: string, limits: KeyLimits) =>
      api.updateApiKeyLimits(id)(
        authorized(`/api/admin/api-keys/${id}`, { method: 'PATCH', body: JSON.stringify({ limits }) }),
      ),
    requests: (query: string) => api.listRequests(authorized(`/api/admin/requests?${query}`)),
    metricsText: async () => (await api.metrics(authorized('/api/metrics'))).text(),
  };
}

export async function createKey(
  gateway: TestGateway,
  limits?: KeyLimits,
): Promise<{ id: string; key: string }> {
  const response = await gateway.admin('POST', '/api/admin/api-keys', {
    name: 'governance',
    ...(limits ? { limits } : {}),
  });
  if (response.status !== 201)
    throw new Error(`key creation answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { id: string; key: string };
}

/** Polls until `check` holds (a change notice reaching another instance). */
export async function eventually(check: () => boolean | Promise<boolean>, withinMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > withinMs) throw new Error(`not seen within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type PrometheusFamily = {
  name: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string> }[];
};

/** Sums a counter or gauge family's samples whose labels include `labels`. */
export function sampleSum(text: string, name: string, labels: Record<string, string> = {}): number {
  const families = parsePrometheusTextFormat(text) as PrometheusFamily[];
  const family = families.find((entry) => entry.name === name);
  if (!family) return 0;
  return family.metrics
    .filter((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value))
    .reduce((sum, metric) => sum + Number(metric.value ?? 0), 0);
}

export function parseFamilies(text: string): PrometheusFamily[] {
  return parsePrometheusTextFormat(text) as PrometheusFamily[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A redis-server child process of this test on a fixed free port (so it can be stopped and restarted). */
export async function startOwnRedis(): Promise<{
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await eventually(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = createConnection(port);
          socket.once('connect', () => {
            socket.destroy();
            resolve(true);
          });
          socket.once('error', () => resolve(false));
        }),
    );
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, stop, start };
}
