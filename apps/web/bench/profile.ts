/**
 * Profiles one gateway mode under load: `tsx bench/profile.ts [route-handlers|custom-server|standalone]
 * [chat|proxy-route|bedrock-stream]`. Starts the emulator and the mode under `node --cpu-prof`,
 * drives BENCH_CONNECTIONS (default 50) connections for BENCH_SECONDS (default 8), stops it, and
 * prints the main thread's busy time per request by component (bench/profile-breakdown.ts), the
 * functions with the most self time and the .cpuprofile path (open it in Chrome DevTools for the
 * full picture). `proxy-route` drives the minimal undici proxy route of the same Next.js server
 * (route-handlers only): the same breakdown for the floor, to compare with `chat`.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import { loadRequests } from './load-requests';
import { loadStreams } from './load-streams';
import { breakdownPerRequest, type CpuProfile } from './profile-breakdown';
import { provisionGateway, resetEmulator } from './provision';
import { type GatewayMode, startEmulatorService, startGateway } from './services';

type ProfileNode = {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};

const mode = (process.argv[2] ?? 'standalone') as GatewayMode;
const workload = process.argv[3] ?? 'chat';
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
if (workload === 'proxy-route' && mode !== 'route-handlers')
  throw new Error('the proxy-route workload is a route of the Next.js app: use it with route-handlers');
const profileDirectory = mkdtempSync(path.join(tmpdir(), 'gateway-profile-'));

const emulator = await startEmulatorService();
const throwaway = process.env.DATABASE_URL
  ? await createThrowawayPostgres(process.env.DATABASE_URL)
  : undefined;
process.env.BENCH_CPU_PROF = profileDirectory;
const gateway = await startGateway(mode, emulator.url, throwaway?.url);
delete process.env.BENCH_CPU_PROF;
let requestsUnderLoad = 0;
try {
  const key = await provisionGateway(gateway.url, emulator.url);
  await resetEmulator(emulator.url);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  if (workload === 'chat' || workload === 'proxy-route') {
    const body = JSON.stringify({ model: 'bench-openai', messages: [{ role: 'user', content: 'ping' }] });
    const target =
      workload === 'chat'
        ? { name: mode, url: gateway.url, path: '/api/gateway/v1/chat/completions', headers, body }
        : {
            name: 'proxy route',
            url: gateway.url,
            path: '/api/bench/proxy',
            headers: { 'content-type': 'application/json' },
            body,
          };
    await loadRequests(target, connections, 1);
    const result = await loadRequests(target, connections, seconds);
    requestsUnderLoad = Math.round(result.requestsPerSecond * seconds);
    console.log(
      `${target.name}: ${result.requestsPerSecond.toFixed(0)} req/s, mean ${result.latencyMs.mean.toFixed(3)} ms`,
    );
  } else {
    const body = JSON.stringify({
      model: 'bench-bedrock',
      stream: true,
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'tell me a long story' }],
    });
    const target = { name: mode, url: gateway.url, path: '/api/gateway/v1/chat/completions', headers, body };
    const result = await loadStreams(target, 'openai', 10, seconds);
    console.log(`${mode}: ${result.chunksPerSecond.toFixed(0)} chunks/s, errors ${result.errors}`);
  }
} finally {
  await gateway.stop();
  await emulator.stop();
  await throwaway?.drop();
}

// The main thread's profile (thread 0 sorts first; worker threads, if any, write their own).
const file = readdirSync(profileDirectory)
  .filter((name) => name.endsWith('.cpuprofile'))
  .sort()[0];
if (!file) throw new Error(`no profile written in ${profileDirectory}`);
const profile = JSON.parse(readFileSync(path.join(profileDirectory, file), 'utf8')) as {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};
// Only the samples taken under the measured load (the last `seconds` before shutdown): start-up
// (PGlite's initdb and migrations, module loading) would otherwise blur the per-request picture.
const hitsUnderLoad = new Map<number, number>();
{
  const loadStart = profile.endTime - (seconds + 0.2) * 1e6;
  const loadEnd = profile.endTime - 0.3e6;
  let timestamp = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    timestamp += profile.timeDeltas[index] ?? 0;
    if (timestamp >= loadStart && timestamp <= loadEnd)
      hitsUnderLoad.set(nodeId, (hitsUnderLoad.get(nodeId) ?? 0) + 1);
  });
}
for (const node of profile.nodes) node.hitCount = hitsUnderLoad.get(node.id) ?? 0;
if (requestsUnderLoad > 0) {
  const breakdown = breakdownPerRequest(
    profile as unknown as CpuProfile,
    { fromMicros: profile.endTime - (seconds + 0.2) * 1e6, toMicros: profile.endTime - 0.3e6 },
    requestsUnderLoad,
  );
  const busy = [...breakdown.values()].reduce((sum, value) => sum + value, 0);
  console.log(
    `main thread busy ${busy.toFixed(0)} µs per request (${requestsUnderLoad} requests), by component:`,
  );
  for (const [component, micros] of breakdown)
    console.log(`${micros.toFixed(0).padStart(7)} µs  ${component}`);
}
const selfHits = new Map<string, number>();
let totalHits = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  totalHits += hits;
  const where = node.callFrame.url.replace(/^.*\/(node_modules|packages|apps)\//, '$1/');
  const name = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
  selfHits.set(name, (selfHits.get(name) ?? 0) + hits);
}
console.log(
  `profile: ${path.join(profileDirectory, file)}\nsamples under load only (last ${seconds} s); top self time:`,
);
for (const [name, hits] of [...selfHits].sort((a, b) => b[1] - a[1]).slice(0, 45)) {
  console.log(`${((hits / totalHits) * 100).toFixed(1).padStart(5)}%  ${name}`);
}

// Inclusive time: a frame's own hits plus everything it called (counted once per stack).
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const inclusive = new Map<string, number>();
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  if (hits === 0) continue;
  const seen = new Set<string>();
  for (let current: number | undefined = node.id; current !== undefined; current = parentOf.get(current)) {
    const frame = byId.get(current) as ProfileNode;
    const where = frame.callFrame.url.replace(/^.*\/(node_modules|packages|apps)\//, '$1/');
    const name = `${frame.callFrame.functionName || '(anonymous)'} ${where}:${frame.callFrame.lineNumber + 1}`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + hits);
  }
}
console.log('top inclusive time:');
for (const [name, hits] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 60)) {
  console.log(`${((hits / totalHits) * 100).toFixed(1).padStart(5)}%  ${name}`);
}
