import { Pool } from 'undici';
import type { Target } from './load-requests';
import { inspectSse, type StreamFormat } from './load-streams';
import { treeRssBytes } from './processes';

export type OpenStreamsResult = {
  target: string;
  streams: number;
  /** Streams that had delivered their first byte at the moment all were open (or at the cut-off). */
  openAtOnce: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
  rssGrowthBytes: number;
  errors: number;
  seconds: number;
};

/**
 * Opens `count` slow streams at once against a server process, samples the RSS of its process
 * tree every 100 ms, and checks every stream ends complete.
 */
export async function openStreams(
  target: Target,
  format: StreamFormat,
  pid: number,
  count: number,
): Promise<OpenStreamsResult> {
  const pool = new Pool(target.url, { connections: count, pipelining: 1 });
  global.gc?.();
  const rssBeforeBytes = treeRssBytes(pid);
  let rssPeakBytes = rssBeforeBytes;
  const sampler = setInterval(() => {
    rssPeakBytes = Math.max(rssPeakBytes, treeRssBytes(pid));
  }, 100);
  let open = 0;
  let openAtOnce = 0;
  let errors = 0;
  const started = Date.now();
  const one = async () => {
    try {
      const response = await pool.request({
        path: target.path,
        method: 'POST',
        headers: target.headers,
        body: target.body,
        headersTimeout: 120_000,
        bodyTimeout: 120_000,
      });
      let text = '';
      let counted = false;
      for await (const chunk of response.body) {
        if (!counted) {
          counted = true;
          open++;
          openAtOnce = Math.max(openAtOnce, open);
        }
        text += (chunk as Buffer).toString('utf8');
      }
      if (counted) open--;
      if (response.statusCode !== 200 || !inspectSse(text, format).complete) errors++;
    } catch {
      errors++;
    }
  };
  await Promise.all(Array.from({ length: count }, one));
  clearInterval(sampler);
  rssPeakBytes = Math.max(rssPeakBytes, treeRssBytes(pid));
  await pool.close();
  return {
    target: target.name,
    streams: count,
    openAtOnce,
    rssBeforeBytes,
    rssPeakBytes,
    rssGrowthBytes: rssPeakBytes - rssBeforeBytes,
    errors,
    seconds: (Date.now() - started) / 1000,
  };
}
