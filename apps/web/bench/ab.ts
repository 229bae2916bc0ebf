/**
 * Before/after in one interleaved run: the same gateway mode from two checkouts of apps/web (for
 * example a copy of the tree at the previous commit, with its own `.next` build) against one
 * emulator, alternating rounds, so both see the same machine load.
 *   npx tsx bench/ab.ts <other apps/web directory> [route-handlers,custom-server,standalone]
 * Knobs: BENCH_SECONDS (default 2), BENCH_ROUNDS (default 5), DATABASE_URL (else PGlite).
 * Prints the median req/s (range) per side and the median of the per-round ratios (this / other).
 */
import os from 'node:os';
import path from 'node:path';
import { createThrowawayPostgres, type ThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import { type LoadResult, loadRequests, type Target } from './load-requests';
import { freePort, type Service, startService } from './processes';
import { provisionGateway, resetEmulator } from './provision';
import { APP_DIRECTORY, type GatewayMode, gatewayEnv, startEmulatorService } from './services';

const [otherDirectory, modesArgument] = process.argv.slice(2);
if (!otherDirectory) throw new Error('usage: tsx bench/ab.ts <other apps/web directory> [modes]');
const modes = (modesArgument ?? 'route-handlers,custom-server').split(',') as GatewayMode[];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const services: Service[] = [];
const throwaways: ThrowawayPostgres[] = [];

async function start(mode: GatewayMode, appDirectory: string, emulatorUrl: string): Promise<Service> {
  const port = await freePort();
  let databaseUrl: string | undefined;
  if (process.env.DATABASE_URL) {
    const throwaway = await createThrowawayPostgres(process.env.DATABASE_URL);
    throwaways.push(throwaway);
    databaseUrl = throwaway.url;
  }
  const env = {
    ...gatewayEnv(emulatorUrl, mode),
    DATABASE_URL: databaseUrl,
    PORT: `${port}`,
    HOST: '127.0.0.1',
  };
  const args =
    mode === 'route-handlers'
      ? [
          path.join(appDirectory, 'node_modules/next/dist/bin/next'),
          'start',
          '-p',
          `${port}`,
          '-H',
          '127.0.0.1',
        ]
      : ['--import', 'tsx', `src/entries/${mode}.ts`];
  const service = await startService({
    name: `${mode} ${appDirectory}`,
    command: process.execPath,
    args,
    cwd: appDirectory,
    url: `http://127.0.0.1:${port}`,
    readyPath: '/api/health',
    env,
  });
  services.push(service);
  return service;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};

try {
  console.log(
    `load average before: ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  const emulator = await startEmulatorService();
  services.push(emulator);
  const body = JSON.stringify({ model: 'bench-openai', messages: [{ role: 'user', content: 'hi' }] });
  for (const mode of modes) {
    const sides: Target[] = [];
    for (const [label, directory] of [
      ['other', path.resolve(otherDirectory)],
      ['this', APP_DIRECTORY],
    ] as const) {
      const service = await start(mode, directory, emulator.url);
      const key = await provisionGateway(service.url, emulator.url);
      sides.push({
        name: label,
        url: service.url,
        path: '/api/gateway/v1/chat/completions',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body,
      });
    }
    for (const side of sides) await loadRequests(side, 50, 1);
    for (const connections of [50, 1]) {
      const results: Record<string, LoadResult[]> = { other: [], this: [] };
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which side goes first, so neither always follows the other.
        const order = round % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) {
          await resetEmulator(emulator.url);
          results[side.name]?.push(await loadRequests(side, connections, SECONDS));
        }
      }
      const summary = (name: string) => {
        const rounds = results[name] as LoadResult[];
        const rps = rounds.map((run) => run.requestsPerSecond);
        return `${median(rps).toFixed(0)} req/s (${Math.min(...rps).toFixed(0)}-${Math.max(...rps).toFixed(0)}), mean ${median(rounds.map((run) => run.latencyMs.mean)).toFixed(3)} ms`;
      };
      const ratios = (results.this as LoadResult[]).map(
        (run, index) =>
          run.requestsPerSecond / ((results.other as LoadResult[])[index]?.requestsPerSecond ?? 1),
      );
      console.log(
        `${mode} c=${connections}: other ${summary('other')} | this ${summary('this')} | this/other ${median(ratios).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`,
      );
    }
  }
  console.log(
    `load average after: ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await Promise.all(services.map((service) => service.stop().catch(() => undefined)));
  await Promise.all(throwaways.map((database) => database.drop().catch(() => undefined)));
}
