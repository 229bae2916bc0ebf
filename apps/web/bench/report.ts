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
  /** The median interleaved round (by requests/s) per target and connection count. */
  passthrough: LoadResult[];
  /** Every round, in the order run. */
  passthroughRounds: LoadResult[];
  streaming: StreamLoadResult[];
  messagesStreaming: StreamLoadResult[];
  signing: SigningResult;
  decode: DecodeResult;
  openStreams: OpenStreamsResult[];
  settings: {
    seconds: number;
    rounds: number;
    streams: number;
    database: string;
    loadAverageBefore?: number[];
    loadAverageAfter?: number[];
  };
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

/** Median and range of a list of numbers. */
function spread(values: readonly number[]): { median: number; min: number; max: number } {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

export function renderReport(results: BenchResults): string {
  const find = (name: string, connections: number) =>
    results.passthrough.find((run) => run.target === name && run.connections === connections);
  const roundsOf = (name: string, connections: number) =>
    results.passthroughRounds.filter((run) => run.target === name && run.connections === connections);
  const meanMs = (name: string) => spread(roundsOf(name, 1).map((run) => run.latencyMs.mean)).median;
  /** Ratios within each round (the two were measured seconds apart), then their median and range. */
  const ratioSpread = (name: string, base: string, connections = 50) => {
    const ours = roundsOf(name, connections);
    const theirs = roundsOf(base, connections);
    return spread(
      ours.map((run, index) => run.requestsPerSecond / (theirs[index]?.requestsPerSecond ?? Number.NaN)),
    );
  };
  const ratio = (name: string, base: string, connections = 50) => ratioSpread(name, base, connections).median;
  const ratioText = (name: string, base: string) => {
    const { median, min, max } = ratioSpread(name, base);
    return `${fixed(median)}x (${fixed(min)}-${fixed(max)})`;
  };
  const proxyRoute = 'next minimal undici proxy route';
  const nodeProxy = 'minimal node:http + undici';
  const names = [...new Set(results.passthrough.map((run) => run.target))];
  const routeHandlers = names.filter((name) => name.startsWith('route-handlers'));
  const nodeEntries = names.filter(
    (name) => name.startsWith('custom-server') || name.startsWith('standalone'),
  );

  const checks: Check[] = [
    ...routeHandlers.flatMap((name) => [
      {
        target: `${name} >= 1.0x Portkey (50 connections)`,
        measured: ratioText(name, 'portkey'),
        pass: ratio(name, 'portkey') >= 1,
      },
      {
        target: `${name} >= 0.9x the minimal undici proxy route (50 connections)`,
        measured: ratioText(name, proxyRoute),
        pass: ratio(name, proxyRoute) >= 0.9,
      },
      {
        target: `${name} mean latency at 1 connection <= Portkey's`,
        measured: `${fixed(meanMs(name), 3)} vs ${fixed(meanMs('portkey'), 3)} ms`,
        pass: meanMs(name) <= meanMs('portkey'),
      },
    ]),
    ...nodeEntries.flatMap((name) => [
      {
        target: `${name} >= 4x Portkey (50 connections)`,
        measured: ratioText(name, 'portkey'),
        pass: ratio(name, 'portkey') >= 4,
      },
      {
        target: `${name} >= 0.5x minimal node:http + undici proxy (50 connections)`,
        measured: ratioText(name, nodeProxy),
        pass: ratio(name, nodeProxy) >= 0.5,
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
      // The resting RSS beside the growth: a process that already holds memory (PGlite's WASM
      // heap) can absorb a burst without growing, so growth alone would flatter it.
      measured: `${megabytes(run.rssGrowthBytes)} (from ${megabytes(run.rssBeforeBytes)} at rest), ${run.errors} errors`,
      pass: run.rssGrowthBytes < 200e6 && run.errors === 0,
    })),
  ];

  const rpsText = (name: string, connections: number) => {
    const { median, min, max } = spread(roundsOf(name, connections).map((run) => run.requestsPerSecond));
    return `${fixed(median, 0)} (${fixed(min, 0)}-${fixed(max, 0)})`;
  };
  const errorsOf = (name: string) =>
    [...roundsOf(name, 1), ...roundsOf(name, 50)].reduce((sum, run) => sum + run.errors, 0);
  const passthroughRows = names.map((name) => {
    const one = find(name, 1);
    const fifty = find(name, 50);
    return `| ${name} | ${rpsText(name, 1)} | ${fixed(meanMs(name), 3)} | ${fixed(one?.latencyMs.p99 ?? Number.NaN, 3)} | ${rpsText(name, 50)} | ${fixed(fifty?.latencyMs.mean ?? Number.NaN)} | ${fixed(fifty?.latencyMs.p99 ?? Number.NaN)} | ${fixed(ratio(name, proxyRoute))} | ${fixed(ratio(name, nodeProxy))} | ${ratioText(name, 'portkey')} | ${errorsOf(name)} |`;
  });
  const load = (values?: number[]) => (values ? values.map((value) => value.toFixed(2)).join(' / ') : 'n/a');
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
${fixed(results.benchSeconds, 0)} s; load average (1 / 5 / 15 min) ${load(results.settings.loadAverageBefore)} before and
${load(results.settings.loadAverageAfter)} after. Everything runs on 127.0.0.1 on one machine: the load generator, the
emulator (the upstream) and the server under test share its cores, so absolute numbers are lower than on
separate machines; the ratios, measured in one interleaved run, are the point.

## Targets

| target | measured | met |
|---|---|---|
${checks.map((check) => `| ${check.target} | ${check.measured} | ${check.pass ? 'yes' : '**no**'} |`).join('\n')}

## (a) Non-streaming OpenAI-compatible passthrough

\`POST {"model","messages":[{"role":"user","content":"hi"}]}\` through each server to the emulator's
OpenAI face, whose answer is shaped like a real OpenAI one (\`usage\` with token details,
\`system_fingerprint\`, \`service_tier\`, \`refusal: null\`, \`annotations\`). ${results.settings.rounds} interleaved rounds of ${results.settings.seconds} s per target and
connection count (every target once per round, in the same order). req/s is the median round (the
range across rounds in brackets); ratios are computed within each round at 50 connections (the two
servers measured seconds apart), then the median (and range) of those. "mean ms @1" is the median of
the rounds' means; p99 and the @50 latencies are from the median round. Latencies are per request from
autocannon's \`process.hrtime\` stamps. Every round is listed under "Raw rounds" below.

| server | req/s @1 | mean ms @1 | p99 ms @1 | req/s @50 | mean ms @50 | p99 ms @50 | x proxy route | x node proxy | x Portkey | errors |
|---|---|---|---|---|---|---|---|---|---|---|
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
| SigV4 signing per request (createBedrockSigner, static keys, 1 KB body) | ${fixed(results.signing.microsecondsPerSignature, 1)} µs (${results.signing.iterations} signatures; median of ${sliceSpread(results.signing.slices, 'µs')}) |
| event-stream decode + translate to OpenAI chunks (${results.decode.capture}, ${results.decode.captureBytes} bytes, fed in 512-byte reads) | ${fixed(results.decode.megabytesPerSecond, 1)} MB/s, ${fixed(results.decode.eventsPerSecond, 0)} events/s (median of ${sliceSpread(results.decode.slices, 'MB/s')}) |

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
- database behind each gateway: in its name (PGlite is the embedded default, in the gateway's process; no query per request on either: see apps/web/test/scale-out.test.ts; usage rows are written in batches)

## Commands

This run: \`${results.settings.database === 'postgres' ? 'DATABASE_URL=postgres://postgres@127.0.0.1:5432/test ' : ''}pnpm bench\`
(${results.settings.rounds} rounds of ${results.settings.seconds} s, ${results.settings.streams} streams). Without \`DATABASE_URL\` only the
PGlite gateways run.

\`\`\`sh
pnpm install
pnpm bench                                  # (re)builds apps/web when .next is missing or older than the sources
BENCH_SECONDS=5 BENCH_ROUNDS=7 pnpm bench   # longer runs (~15 min)
DATABASE_URL=postgres://... pnpm bench      # adds route handlers on Postgres; node entries on Postgres (throwaway databases)
pnpm --filter @gateway/web exec tsx bench/profile.ts standalone chat   # CPU profile of one mode under load, busy µs per request by component
pnpm --filter @gateway/web exec tsx bench/profile.ts route-handlers proxy-route   # the same for the minimal proxy route (the floor)
pnpm --filter @gateway/web exec tsx bench/render.ts                    # re-render this file from the last run
pnpm --filter @gateway/web exec tsx bench/ab.ts <other apps/web> route-handlers,custom-server   # before/after, interleaved
BENCH_NO_NETWORK=1 pnpm --filter @gateway/web exec tsx bench/in-process.ts [requests]   # the gateway's own CPU per request, no HTTP (BENCH_PROFILE=<file> for a profile)
REDIS_URL=redis://127.0.0.1:6379 pnpm --filter @gateway/web exec tsx bench/governance-hot-path.ts   # limits + metrics per request
pnpm --filter @gateway/web exec tsx bench/targets.ts                   # target selection, failover latency
DATABASE_URL=postgres://... pnpm --filter @gateway/web exec tsx bench/request-log.ts [rows]   # request-log paging
\`\`\`

Each server, as the bench starts it from apps/web (ports are free ones picked at run time):

\`\`\`sh
node --import tsx bench/emulator-process.ts P [unverified]    # the emulator; "unverified" is Portkey's copy
node node_modules/next/dist/bin/next start -p P -H 127.0.0.1  # route handlers (+ GATEWAY_BENCH_ROUTES=1)
node --import tsx src/entries/custom-server.ts                # PORT=P HOST=127.0.0.1
node --import tsx src/entries/standalone.ts                   # PORT=P HOST=127.0.0.1
node --import tsx bench/minimal-node-proxy.ts P <emulator>/v1/chat/completions
node node_modules/@portkey-ai/gateway/build/start-server.js --port=P    # as its users start it (no --headless)
\`\`\`

Gateways run with NODE_ENV=production, LOG_LEVEL=warn, GATEWAY_ALLOWED_UPSTREAM_HOSTS=127.0.0.1.
`;
}

/** `5 slices, 18.1-19.9 µs` (older results files have no slices). */
function sliceSpread(slices: readonly number[] | undefined, unit: string): string {
  if (slices === undefined || slices.length === 0) return 'one slice';
  return `${slices.length} slices, ${fixed(Math.min(...slices), 1)}-${fixed(Math.max(...slices), 1)} ${unit}`;
}
