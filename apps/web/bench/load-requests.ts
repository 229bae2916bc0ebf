import autocannon from 'autocannon';
import { type Summary, summarize } from './statistics';

export type Target = {
  name: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
};

export type LoadResult = {
  target: string;
  connections: number;
  seconds: number;
  ok: number;
  errors: number;
  requestsPerSecond: number;
  /** Per-request times from autocannon's process.hrtime stamps (not its whole-ms histogram). */
  latencyMs: Summary;
  /** The raw latencies, to merge interleaved runs. */
  samples: number[];
};

/** Non-streaming load with autocannon for `seconds`; latencies kept at sub-millisecond precision. */
export async function loadRequests(
  target: Target,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${target.url}${target.path}`,
    method: 'POST',
    headers: target.headers,
    body: target.body,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  return {
    target: target.name,
    connections,
    seconds: result.duration,
    ok: result['2xx'],
    errors: result.errors + result.timeouts + result.non2xx,
    requestsPerSecond: result['2xx'] / result.duration,
    latencyMs: summarize(latencies),
    samples: latencies,
  };
}

/** Several runs of one target and connection count, merged as one longer run. */
export function mergeLoadResults(runs: readonly LoadResult[]): LoadResult {
  const first = runs[0] as LoadResult;
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const ok = runs.reduce((sum, run) => sum + run.ok, 0);
  const samples = runs.flatMap((run) => run.samples);
  return {
    target: first.target,
    connections: first.connections,
    seconds,
    ok,
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    requestsPerSecond: ok / seconds,
    latencyMs: summarize(samples),
    samples,
  };
}

/**
 * The median round (by requests/s) of several interleaved rounds: the figure a reader rerunning the
 * bench should expect; the range is reported beside it.
 */
export function medianLoadResult(runs: readonly LoadResult[]): LoadResult {
  const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)] as LoadResult;
}

/**
 * The best of several interleaved rounds. The machine is shared (load generator, emulator, other
 * processes), so interference only ever makes a round slower: the fastest round is the closest to
 * what the server itself can do. Every round is still printed in BENCHMARKS.md.
 */
export function bestLoadResult(runs: readonly LoadResult[]): LoadResult {
  return runs.reduce((best, run) => (run.requestsPerSecond > best.requestsPerSecond ? run : best));
}
