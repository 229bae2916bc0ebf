/**
 * `pnpm bench`: the gateway in its three serving modes beside a trivial Next.js route, a minimal
 * undici proxy route in the same Next app, a minimal node:http + undici proxy and Portkey's gateway
 * (started as its users start it), all against the local emulator on 127.0.0.1, in one interleaved
 * run. Route handlers run twice: on the embedded default (PGlite) and, when DATABASE_URL is set, on
 * Postgres. Writes BENCHMARKS.md with the median and range across rounds.
 * A benchmark, not a test: `pnpm test` never runs it. Knobs: BENCH_SECONDS (per measurement, default
 * 2), BENCH_ROUNDS (interleaved rounds, default 5), BENCH_STREAMS (default 1000), DATABASE_URL.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createThrowawayPostgres, type ThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import { type LoadResult, loadRequests, medianLoadResult, type Target } from './load-requests';
import { loadStreams, type StreamLoadResult } from './load-streams';
import { measureDecodeTranslate, measureSigning } from './micro';
import { type OpenStreamsResult, openStreams } from './open-streams';
import type { Service } from './processes';
import { BENCH_CREDENTIALS, LONG_STREAM_MODEL, provisionGateway, resetEmulator } from './provision';
import { type BenchResults, LAST_RESULTS_FILE, renderReport } from './report';
import {
  APP_DIRECTORY,
  type GatewayMode,
  hasProductionBuild,
  ROOT_DIRECTORY,
  startEmulatorService,
  startGateway,
  startMinimalNodeProxy,
  startPortkey,
} from './services';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 1000);

type GatewayInstance = { name: string; mode: GatewayMode; database: 'pglite' | 'postgres' };
/**
 * Route handlers on the embedded default (PGlite) always, and on Postgres when DATABASE_URL is set;
 * the node entries on Postgres when it is set (as in production), else on PGlite.
 */
function gatewayInstances(): GatewayInstance[] {
  const postgres = Boolean(process.env.DATABASE_URL);
  const named = (mode: GatewayMode, database: 'pglite' | 'postgres') => ({
    name: `${mode} (${database})`,
    mode,
    database,
  });
  return [
    named('route-handlers', 'pglite'),
    ...(postgres ? [named('route-handlers', 'postgres')] : []),
    named('custom-server', postgres ? 'postgres' : 'pglite'),
    named('standalone', postgres ? 'postgres' : 'pglite'),
  ];
}
const GATEWAYS = gatewayInstances();

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

const services: Service[] = [];
const throwaways: ThrowawayPostgres[] = [];
async function cleanUp() {
  await Promise.all(services.map((service) => service.stop().catch(() => undefined)));
  await Promise.all(throwaways.map((database) => database.drop().catch(() => undefined)));
}
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

try {
  await main();
} finally {
  await cleanUp();
}

async function main() {
  const benchStarted = Date.now();
  if (!hasProductionBuild()) {
    log('no up-to-date production build in apps/web/.next: running next build');
    execFileSync(process.execPath, [path.join(APP_DIRECTORY, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: APP_DIRECTORY,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
  }

  const loadBefore = os.loadavg();
  log(
    `starting the emulator, ${GATEWAYS.length} gateways, the minimal proxy and Portkey (load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')})`,
  );
  const emulator = await startEmulatorService();
  services.push(emulator);
  const gateways = new Map<string, { service: Service; callerKey: string }>();
  for (const instance of GATEWAYS) {
    let databaseUrl: string | undefined;
    if (instance.database === 'postgres') {
      const throwaway = await createThrowawayPostgres(process.env.DATABASE_URL as string);
      throwaways.push(throwaway);
      databaseUrl = throwaway.url;
    }
    const service = await startGateway(instance.mode, emulator.url, databaseUrl);
    services.push(service);
    const callerKey = await provisionGateway(service.url, emulator.url).catch((error: Error) => {
      throw new Error(`${instance.name}: ${error.message}\n${service.output()}`);
    });
    gateways.set(instance.name, { service, callerKey });
    log(`  ${instance.name} at ${service.url}`);
  }
  const minimalProxy = await startMinimalNodeProxy(emulator.url);
  services.push(minimalProxy);
  const portkey = await startPortkey();
  services.push(portkey);
  // Portkey signs Bedrock requests for the AWS host even when it sends them to a custom host, so it
  // gets an emulator that does not verify signatures (the gateway's are verified).
  const unverifiedEmulator = await startEmulatorService({ verifySignatures: false });
  services.push(unverifiedEmulator);
  await resetEmulator(emulator.url);
  await resetEmulator(unverifiedEmulator.url);

  const gatewayOf = (name: string) => gateways.get(name) as { service: Service; callerKey: string };
  const json = { 'content-type': 'application/json' };
  const chatBody = JSON.stringify({ model: 'bench-openai', messages: [{ role: 'user', content: 'hi' }] });
  const gatewayTarget = (name: string, pathname: string, body: string): Target => ({
    name,
    url: gatewayOf(name).service.url,
    path: pathname,
    headers: { ...json, authorization: `Bearer ${gatewayOf(name).callerKey}` },
    body,
  });
  const routeHandlers = gatewayOf((GATEWAYS[0] as GatewayInstance).name).service.url;
  const passthroughTargets: Target[] = [
    ...GATEWAYS.map(({ name }) => gatewayTarget(name, '/api/gateway/v1/chat/completions', chatBody)),
    {
      name: 'next trivial route',
      url: routeHandlers,
      path: '/api/bench/trivial',
      headers: json,
      body: chatBody,
    },
    {
      name: 'next minimal undici proxy route',
      url: routeHandlers,
      path: '/api/bench/proxy',
      headers: json,
      body: chatBody,
    },
    { name: 'minimal node:http + undici', url: minimalProxy.url, path: '/', headers: json, body: chatBody },
    {
      name: 'portkey',
      url: portkey.url,
      path: '/v1/chat/completions',
      headers: {
        ...json,
        authorization: 'Bearer bench',
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': `${emulator.url}/v1`,
      },
      body: JSON.stringify({ model: 'emulator-gpt', messages: [{ role: 'user', content: 'hi' }] }),
    },
  ];

  log('checking every target answers 200 once');
  for (const target of passthroughTargets) {
    const response = await fetch(`${target.url}${target.path}`, {
      method: 'POST',
      headers: target.headers,
      body: target.body,
    });
    const text = await response.text();
    if (response.status !== 200)
      throw new Error(`${target.name} answered ${response.status}: ${text.slice(0, 300)}`);
  }

  // (e) first, on servers that have only answered the checks above: later phases leave each heap
  // at a different size, which would make "RSS growth" mean different things per mode.
  const slowStreamBody = JSON.stringify({
    model: 'bench-bedrock-slow',
    stream: true,
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'tell me a long story' }],
  });
  log(`(e) ${STREAMS} concurrent open streams (slow-drip) per gateway`);
  const openResults: OpenStreamsResult[] = [];
  for (const { name: mode } of GATEWAYS) {
    await resetEmulator(emulator.url);
    // One quick stream first, so the streaming code is loaded before the burst.
    const first = gatewayTarget(
      mode,
      '/api/gateway/v1/chat/completions',
      slowStreamBody.replace('-slow', ''),
    );
    await (
      await fetch(`${first.url}${first.path}`, { method: 'POST', headers: first.headers, body: first.body })
    ).text();
    const result = await openStreams(
      gatewayTarget(mode, '/api/gateway/v1/chat/completions', slowStreamBody),
      'openai',
      gatewayOf(mode).service.pid,
      STREAMS,
    );
    openResults.push(result);
    log(
      `  ${mode}: ${result.openAtOnce} open at once, RSS +${(result.rssGrowthBytes / 1e6).toFixed(1)} MB, errors ${result.errors}`,
    );
  }

  log(`(a) non-streaming passthrough: warm-up, then ${ROUNDS} interleaved rounds of ${SECONDS} s per target`);
  for (const target of passthroughTargets) await loadRequests(target, 50, 1);
  const runs = new Map<string, LoadResult[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const connections of [1, 50]) {
      for (const target of passthroughTargets) {
        await resetEmulator(emulator.url);
        const result = await loadRequests(target, connections, SECONDS);
        const key = `${target.name}@${connections}`;
        runs.set(key, [...(runs.get(key) ?? []), result]);
        log(
          `  round ${round} ${target.name} c=${connections}: ${result.requestsPerSecond.toFixed(0)} req/s, mean ${result.latencyMs.mean.toFixed(3)} ms, errors ${result.errors}`,
        );
      }
    }
  }
  const passthrough = [...runs.values()].map(medianLoadResult);
  const passthroughRounds = [...runs.values()].flat();

  const streamBody = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      model: 'bench-bedrock',
      stream: true,
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'tell me a long story' }],
      ...extra,
    });
  const portkeyBedrock: Target = {
    name: 'portkey',
    url: portkey.url,
    path: '/v1/chat/completions',
    headers: {
      ...json,
      'x-portkey-provider': 'bedrock',
      'x-portkey-aws-access-key-id': BENCH_CREDENTIALS.accessKeyId,
      'x-portkey-aws-secret-access-key': BENCH_CREDENTIALS.secretAccessKey,
      'x-portkey-aws-region': 'us-east-1',
      'x-portkey-custom-host': unverifiedEmulator.url,
    },
    body: streamBody({ model: LONG_STREAM_MODEL }),
  };
  const streaming: StreamLoadResult[] = [];
  log(`(b) streaming Claude on Bedrock -> OpenAI chunks, ${SECONDS} s per target and concurrency`);
  for (const concurrency of [1, 10]) {
    for (const target of [
      ...GATEWAYS.map(({ name }) => gatewayTarget(name, '/api/gateway/v1/chat/completions', streamBody())),
      portkeyBedrock,
    ]) {
      await resetEmulator(emulator.url);
      await resetEmulator(unverifiedEmulator.url);
      const result = await loadStreams(target, 'openai', concurrency, SECONDS);
      streaming.push(result);
      log(
        `  ${target.name} c=${concurrency}: ttfb ${result.ttfbMs.mean.toFixed(2)} ms, total ${result.totalMs.mean.toFixed(2)} ms, ${result.chunksPerSecond.toFixed(0)} chunks/s, errors ${result.errors}`,
      );
    }
  }
  const messagesStreaming: StreamLoadResult[] = [];
  log(`(c) Bedrock -> Anthropic SSE on /v1/messages, ${SECONDS} s per target and concurrency`);
  for (const concurrency of [1, 10]) {
    for (const { name: mode } of GATEWAYS) {
      await resetEmulator(emulator.url);
      const result = await loadStreams(
        gatewayTarget(mode, '/api/gateway/v1/messages', streamBody()),
        'anthropic',
        concurrency,
        SECONDS,
      );
      messagesStreaming.push(result);
      log(
        `  ${mode} c=${concurrency}: ttfb ${result.ttfbMs.mean.toFixed(2)} ms, total ${result.totalMs.mean.toFixed(2)} ms, ${result.chunksPerSecond.toFixed(0)} chunks/s, errors ${result.errors}`,
      );
    }
  }

  log('(d) micro: SigV4 signing and event-stream decode + translate (in the bench process)');
  const signing = await measureSigning(SECONDS);
  log(`  SigV4: ${signing.microsecondsPerSignature.toFixed(1)} µs per signature`);
  const decode = await measureDecodeTranslate(SECONDS);
  log(`  decode + translate: ${decode.megabytesPerSecond.toFixed(1)} MB/s`);

  const results: BenchResults = {
    passthrough,
    passthroughRounds,
    streaming,
    messagesStreaming,
    signing,
    decode,
    openStreams: openResults,
    settings: {
      seconds: SECONDS,
      rounds: ROUNDS,
      streams: STREAMS,
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg(),
    },
    benchSeconds: (Date.now() - benchStarted) / 1000,
    finishedAt: new Date().toISOString(),
  };
  // Kept so the report can be re-rendered (bench/render.ts) after editing bench/profile-notes.md.
  writeFileSync(LAST_RESULTS_FILE, JSON.stringify(results));
  writeFileSync(path.join(ROOT_DIRECTORY, 'BENCHMARKS.md'), renderReport(results));
  log(`wrote BENCHMARKS.md in ${((Date.now() - benchStarted) / 1000).toFixed(0)} s`);
}
