import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadResult } from './load-requests';
import type { StreamLoadResult } from './load-streams';
import type { DecodeResult, SigningResult } from './micro';
import type { OpenStreamsResult } from './open-streams';
import { APP_DIRECTORY } from './services';

export const LAST_RESULTS_FILE = path.join(os.tmpdir(), 'gateway-bench-results.json');

export type BenchResults = {
  /** The best interleaved round per target and connection count. */
  passthrough: LoadResult[];
  /** Every round, in the order run. */
  passthroughRounds: LoadResult[];
  streaming: StreamLoadResult[];
  messagesStreaming: StreamLoadResult[];
  signing: SigningResult;
  decode: DecodeResult;
  openStreams: OpenStreamsResult[];
  settings: { seconds: number; rounds: number; streams: number; database: string };
  benchSeconds: number;
  finishedAt: string;
};

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function packageVersion(name: string): string {
  const file = path.join(APP_DIRECTORY, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'n/a';
}

type Check = { target: string; measured: string; pass: boolean };

export function renderReport(results: BenchResults): string {
  const find = (name: string, connections: number) =>
    results.passthrough.find((run) => run.target === name && run.connections === connections);
  const rps = (name: string, connections: number) => find(name, connections)?.requestsPerSecond ?? Number.NaN;
  const mean = (name: string) => find(name, 1)?.latencyMs.mean ?? Number.NaN;
  const ratio = (name: string, base: string, connections = 50) =>
    rps(name, connections) / rps(base, connections);
  const proxyRoute = 'next minimal undici proxy route';
  const nodeProxy = 'minimal node:http + undici';

  const checks: Check[] = [
    {
      target: 'route handlers >= 0.9x the minimal undici proxy route (50 connections)',
      measured: `${fixed(ratio('route-handlers', proxyRoute))}x`,
      pass: ratio('route-handlers', proxyRoute) >= 0.9,
    },
    {
      target: 'route handlers mean latency at 1 connection <= proxy route + 0.3 ms',
      measured: `${fixed(mean('route-handlers') - mean(proxyRoute), 3)} ms`,
      pass: mean('route-handlers') - mean(proxyRoute) <= 0.3,
    },
    {
      target: 'route handlers ahead of Portkey (50 connections)',
      measured: `${fixed(ratio('route-handlers', 'portkey'))}x`,
      pass: ratio('route-handlers', 'portkey') > 1,
    },
    ...(['custom-server', 'standalone'] as const).flatMap((mode) => [
      {
        target: `${mode} >= 5x Portkey (50 connections)`,
        measured: `${fixed(ratio(mode, 'portkey'))}x`,
        pass: ratio(mode, 'portkey') >= 5,
      },
      {
        target: `${mode} >= 0.6x minimal node:http + undici proxy (50 connections)`,
        measured: `${fixed(ratio(mode, nodeProxy))}x`,
        pass: ratio(mode, nodeProxy) >= 0.6,
      },
    ]),
    {
      target: 'SigV4 signing <= 25 µs',
      measured: `${fixed(results.signing.microsecondsPerSignature, 1)} µs`,
      pass: results.signing.microsecondsPerSignature <= 25,
    },
    {
      target: 'event-stream decode + translate >= 50 MB/s',
      measured: `${fixed(results.decode.megabytesPerSecond, 1)} MB/s`,
      pass: results.decode.megabytesPerSecond >= 50,
    },
    ...results.openStreams.map((run) => ({
      target: `${run.target}: ${run.streams} concurrent streams < 200 MB RSS growth, no errors`,
      measured: `${megabytes(run.rssGrowthBytes)}, ${run.errors} errors`,
      pass: run.rssGrowthBytes < 200e6 && run.errors === 0,
    })),
  ];

  const passthroughRows = [...new Set(results.passthrough.map((run) => run.target))].map((name) => {
    const one = find(name, 1);
    const fifty = find(name, 50);
    return `| ${name} | ${fixed(rps(name, 1), 0)} | ${fixed(one?.latencyMs.mean ?? Number.NaN, 3)} | ${fixed(one?.latencyMs.p50 ?? Number.NaN, 3)} | ${fixed(one?.latencyMs.p99 ?? Number.NaN, 3)} | ${fixed(rps(name, 50), 0)} | ${fixed(fifty?.latencyMs.mean ?? Number.NaN)} | ${fixed(fifty?.latencyMs.p99 ?? Number.NaN)} | ${fixed(ratio(name, proxyRoute))} | ${fixed(ratio(name, nodeProxy))} | ${fixed(ratio(name, 'portkey'))} | ${(one?.errors ?? 0) + (fifty?.errors ?? 0)} |`;
  });
  const streamRows = (list: StreamLoadResult[]) =>
    list.map(
      (run) =>
        `| ${run.target} | ${run.concurrency} | ${run.streams} | ${fixed(run.ttfbMs.mean)} | ${fixed(run.ttfbMs.p99)} | ${fixed(run.totalMs.mean)} | ${fixed(run.totalMs.p99)} | ${fixed(run.chunksPerSecond, 0)} | ${fixed(run.chunksPerStream, 0)} | ${run.errors} |`,
    );
  const profileNotesFile = path.join(APP_DIRECTORY, 'bench/profile-notes.md');
  const profileNotes = existsSync(profileNotesFile) ? readFileSync(profileNotesFile, 'utf8').trim() : '';
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';

  return `# Benchmarks

Generated by \`pnpm bench\` (apps/web/bench/run.ts) on ${results.finishedAt}; the whole run took
${fixed(results.benchSeconds, 0)} s. Everything runs on 127.0.0.1 on one machine: the load generator, the
emulator (the upstream) and the server under test share its cores, so absolute numbers are lower than on
separate machines; the ratios, measured in one interleaved run, are the point.

## Targets

| target | measured | met |
|---|---|---|
${checks.map((check) => `| ${check.target} | ${check.measured} | ${check.pass ? 'yes' : '**no**'} |`).join('\n')}

## (a) Non-streaming OpenAI-compatible passthrough

\`POST {"model","messages":[{"role":"user","content":"ping"}]}\` through each server to the emulator's
OpenAI face. ${results.settings.rounds} interleaved rounds of ${results.settings.seconds} s per target and
connection count; the table shows each one's best round (interference from the shared machine only
slows a round down; every round is listed under "Raw rounds" below). Latencies are per request from autocannon's \`process.hrtime\` stamps (its own
histogram rounds to whole milliseconds). Ratios are requests/s at 50 connections.

| server | req/s @1 | mean ms @1 | p50 ms @1 | p99 ms @1 | req/s @50 | mean ms @50 | p99 ms @50 | x proxy route | x node proxy | x Portkey | errors |
|---|---|---|---|---|---|---|---|---|---|---|---|
${passthroughRows.join('\n')}

### Raw rounds (a)

| server | connections | req/s per round | mean ms per round | errors |
|---|---|---|---|---|
${[...new Set(results.passthroughRounds.map((run) => `${run.target}@${run.connections}`))]
  .map((key) => {
    const rounds = results.passthroughRounds.filter((run) => `${run.target}@${run.connections}` === key);
    const first = rounds[0] as LoadResult;
    return `| ${first.target} | ${first.connections} | ${rounds.map((run) => fixed(run.requestsPerSecond, 0)).join(' / ')} | ${rounds.map((run) => fixed(run.latencyMs.mean, 3)).join(' / ')} | ${rounds.reduce((sum, run) => sum + run.errors, 0)} |`;
  })
  .join('\n')}

## (b) Streaming Claude on Bedrock (invoke-with-response-stream) -> OpenAI chunks

The emulator's \`long-stream\` scenario (~200 deltas, SigV4 verified). Portkey goes through its Bedrock
provider (Converse stream) to a second copy of the emulator that does not verify signatures: Portkey
signs for the AWS host even when sending to a custom host. The emulator sends each answer in one burst,
so TTFB is mostly the emulator's own time to build it.

| server | concurrency | streams | TTFB mean ms | TTFB p99 ms | total mean ms | total p99 ms | chunks/s | chunks/stream | errors |
|---|---|---|---|---|---|---|---|---|---|
${streamRows(results.streaming).join('\n')}

## (c) Bedrock -> Anthropic SSE on /v1/messages

| server | concurrency | streams | TTFB mean ms | TTFB p99 ms | total mean ms | total p99 ms | chunks/s | chunks/stream | errors |
|---|---|---|---|---|---|---|---|---|---|
${streamRows(results.messagesStreaming).join('\n')}

## (d) Micro

| measurement | result |
|---|---|
| SigV4 signing per request (createBedrockSigner, static keys, 1 KB body) | ${fixed(results.signing.microsecondsPerSignature, 1)} µs (${results.signing.iterations} signatures) |
| event-stream decode + translate to OpenAI chunks (${results.decode.capture}, ${results.decode.captureBytes} bytes, fed in 512-byte reads) | ${fixed(results.decode.megabytesPerSecond, 1)} MB/s, ${fixed(results.decode.eventsPerSecond, 0)} events/s |

## (e) ${results.settings.streams} concurrent open streams

Measured first, on servers that have answered only one request per route (so every mode starts from a
fresh heap). Every stream opened at once (Bedrock \`slow-drip\`, ~5 s each), RSS of the server's
process tree sampled every 100 ms; an error is a non-200 or a stream that does not end with \`[DONE]\`.

| server | streams | open at once | RSS before | RSS peak | growth | errors | seconds |
|---|---|---|---|---|---|---|---|
${results.openStreams.map((run) => `| ${run.target} | ${run.streams} | ${run.openAtOnce} | ${megabytes(run.rssBeforeBytes)} | ${megabytes(run.rssPeakBytes)} | ${megabytes(run.rssGrowthBytes)} | ${run.errors} | ${fixed(run.seconds, 1)} |`).join('\n')}

${profileNotes ? `${profileNotes}\n\n` : ''}## Machine and versions

- ${os.cpus().length} CPUs (\`nproc\`), ${cpu}; ${fixed(os.totalmem() / 2 ** 30, 1)} GiB memory; ${os.type()} ${os.release()}
- Node ${process.version}; next ${packageVersion('next')}; undici ${packageVersion('undici')}; autocannon ${packageVersion('autocannon')}; @portkey-ai/gateway ${packageVersion('@portkey-ai/gateway')}
- database behind the gateway: ${results.settings.database} (never touched per request: see apps/web/test/scale-out.test.ts)

## Commands

This run: \`${results.settings.database === 'postgres' ? 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/test ' : ''}pnpm bench\`
(${results.settings.rounds} rounds of ${results.settings.seconds} s, ${results.settings.streams} streams).

\`\`\`sh
pnpm install
pnpm bench                                  # (re)builds apps/web when .next is missing or older than the sources
BENCH_SECONDS=8 BENCH_ROUNDS=5 pnpm bench   # longer, steadier runs
DATABASE_URL=postgres://... pnpm bench      # gateways on throwaway Postgres databases (as in production) instead of PGlite
pnpm --filter @gateway/web exec tsx bench/profile.ts standalone chat   # CPU profile of one mode under load
pnpm --filter @gateway/web exec tsx bench/render.ts                    # re-render this file from the last run
\`\`\`

Each server, as the bench starts it from apps/web (ports are free ones picked at run time):

\`\`\`sh
node --import tsx bench/emulator-process.ts P [unverified]    # the emulator; "unverified" is Portkey's copy
node node_modules/next/dist/bin/next start -p P -H 127.0.0.1  # route handlers (+ GATEWAY_BENCH_ROUTES=1)
node --import tsx src/entries/custom-server.ts                # PORT=P HOST=127.0.0.1
node --import tsx src/entries/standalone.ts                   # PORT=P HOST=127.0.0.1
node --import tsx bench/minimal-node-proxy.ts P <emulator>/v1/chat/completions
node node_modules/@portkey-ai/gateway/build/start-server.js --port=P --headless
\`\`\`

Gateways run with NODE_ENV=production, LOG_LEVEL=warn, GATEWAY_ALLOWED_UPSTREAM_HOSTS=127.0.0.1.
`;
}
