/**
 * Request-log paging on a million rows: seeds 1,000,000 usage_records on a throwaway Postgres
 * database (generate_series, 30 days, 50 keys, 20 models, ~3% errors), then times pages of 50
 * through `listRequestLog` exactly as `GET /api/admin/requests` runs them, and one retention pass.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/request-log.ts [rows]
 */
import { performance } from 'node:perf_hooks';
import { createDatabase, deleteRequestLogBefore, listRequestLog, type RequestLogQuery } from '@gateway/db';
import { createThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import { sql } from 'drizzle-orm';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl)
  throw new Error('Set DATABASE_URL to a Postgres server (a throwaway database is created on it).');
const rows = Number(process.argv[2] ?? 1_000_000);
const REPEATS = 20;

const throwaway = await createThrowawayPostgres(serverUrl);
const database = await createDatabase({ databaseUrl: throwaway.url });
try {
  const seedStarted = performance.now();
  await database.db.execute(sql`
    insert into usage_records (request_id, api_key_id, public_id, upstream_model, status, input_tokens,
      output_tokens, cost_usd, ttfb_ms, latency_ms, stream, error_code, created_at, target, endpoint, attempts)
    select 'req-' || n, 'key-' || (n % 50), 'model-' || (n % 20), 'upstream-' || (n % 20),
      case when n % 33 = 0 then 429 when n % 97 = 0 then 502 else 200 end,
      100 + n % 900, 50 + n % 400, (n % 1000) / 100000.0, 50 + n % 500, 200 + n % 3000, n % 2 = 0,
      case when n % 33 = 0 then 'rate_limit_exceeded' when n % 97 = 0 then 'upstream_error' end,
      now() - make_interval(secs => (${rows} - n) * (30 * 86400.0 / ${rows})),
      'target-' || (n % 3), 'chat.completions', 1
    from generate_series(1, ${rows}) as n`);
  await database.db.execute(sql`analyze usage_records`);
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const time = async (label: string, query: RequestLogQuery) => {
    await listRequestLog(database, query); // warm the cache
    const samples: number[] = [];
    let returned = 0;
    for (let index = 0; index < REPEATS; index++) {
      const started = performance.now();
      const page = await listRequestLog(database, query);
      samples.push(performance.now() - started);
      returned = page.rows.length;
    }
    samples.sort((left, right) => left - right);
    const median = samples[Math.floor(samples.length / 2)] ?? 0;
    const p95 = samples[Math.floor(samples.length * 0.95)] ?? 0;
    console.log(
      `${label.padEnd(44)} rows ${String(returned).padStart(3)}  median ${median.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms`,
    );
  };

  console.log(
    `seeded ${rows.toLocaleString('en-US')} rows in ${seedSeconds.toFixed(1)} s; pages of 50, ${REPEATS} runs each`,
  );
  await time('newest page, no filter', { limit: 50 });
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    cursor =
      (await listRequestLog(database, { limit: 50, ...(cursor ? { cursor } : {}) })).nextCursor ?? undefined;
  }
  await time('page 101 (cursor 5,000 rows deep)', { limit: 50, ...(cursor ? { cursor } : {}) });
  await time('filter key', { limit: 50, keyId: 'key-7' });
  await time('filter model', { limit: 50, model: 'model-3' });
  await time('filter status 5xx (1% of rows)', { limit: 50, status: '5xx' });
  const dayAgo = new Date(Date.now() - 86_400_000);
  await time('filter time window (one day, 15 days ago)', {
    limit: 50,
    from: new Date(dayAgo.getTime() - 15 * 86_400_000),
    to: new Date(dayAgo.getTime() - 14 * 86_400_000),
  });
  await time('filter key + model + status 429', { limit: 50, keyId: 'key-3', model: 'model-3', status: 429 });

  const retentionStarted = performance.now();
  const deleted = await deleteRequestLogBefore(database, new Date(Date.now() - 27 * 86_400_000));
  const retentionSeconds = (performance.now() - retentionStarted) / 1000;
  console.log(
    `retention: deleted ${deleted.toLocaleString('en-US')} rows (3 of 30 days) in ${retentionSeconds.toFixed(1)} s, batches of 5,000`,
  );
} finally {
  await database.close();
  await throwaway.drop();
}
