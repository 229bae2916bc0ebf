import { Pool } from 'undici';
import type { Target } from './load-requests';
import { type Summary, summarize } from './statistics';

export type StreamFormat = 'openai' | 'anthropic';

export type StreamLoadResult = {
  target: string;
  concurrency: number;
  seconds: number;
  streams: number;
  errors: number;
  /** Time to the first body byte. */
  ttfbMs: Summary;
  /** Time to the end of the stream. */
  totalMs: Summary;
  /** SSE events delivered per second, all streams together. */
  chunksPerSecond: number;
  /** SSE events per stream (the emulator's long-stream gives ~200 deltas). */
  chunksPerStream: number;
};

/** Counts SSE events and reports whether the stream ended the way its format ends a success. */
export function inspectSse(text: string, format: StreamFormat): { events: number; complete: boolean } {
  let events = 0;
  for (let index = text.indexOf('\n\n'); index !== -1; index = text.indexOf('\n\n', index + 2)) events++;
  const complete = format === 'openai' ? text.includes('data: [DONE]') : text.includes('event: message_stop');
  const failed = format === 'openai' ? text.includes('data: {"error"') : text.includes('event: error');
  return { events, complete: complete && !failed };
}

/** `concurrency` clients each streaming back to back for `seconds`. */
export async function loadStreams(
  target: Target,
  format: StreamFormat,
  concurrency: number,
  seconds: number,
): Promise<StreamLoadResult> {
  const pool = new Pool(target.url, { connections: concurrency, pipelining: 1 });
  const ttfb: number[] = [];
  const total: number[] = [];
  let errors = 0;
  let events = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const begin = process.hrtime.bigint();
      try {
        const response = await pool.request({
          path: target.path,
          method: 'POST',
          headers: target.headers,
          body: target.body,
        });
        let first: bigint | undefined;
        let text = '';
        for await (const chunk of response.body) {
          first ??= process.hrtime.bigint();
          text += (chunk as Buffer).toString('utf8');
        }
        const end = process.hrtime.bigint();
        const seen = inspectSse(text, format);
        if (response.statusCode !== 200 || !seen.complete || first === undefined) {
          errors++;
          continue;
        }
        ttfb.push(Number(first - begin) / 1e6);
        total.push(Number(end - begin) / 1e6);
        events += seen.events;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.close();
  return {
    target: target.name,
    concurrency,
    seconds: elapsedSeconds,
    streams: total.length,
    errors,
    ttfbMs: summarize(ttfb),
    totalMs: summarize(total),
    chunksPerSecond: events / elapsedSeconds,
    chunksPerStream: total.length === 0 ? 0 : events / total.length,
  };
}
