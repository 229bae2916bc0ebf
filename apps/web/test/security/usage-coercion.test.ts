import type { UsageRecord } from '@gateway/ai-gateway';
import { createDatabase, type Database } from '@gateway/db';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageWriter } from '@/server/stores/usage-writer';

// Issue 17 #7: a string token count gave NaN, written as null into a NOT NULL column; 1e12
// overflowed integer; the failed batch went back to the front of the queue and was retried forever.
let database: Database;
beforeAll(async () => {
  database = await createDatabase({ dataDir: 'memory://' });
});
afterAll(() => database?.close());

function record(
  requestId: string,
  usage: Record<string, unknown>,
  extra: Partial<UsageRecord> = {},
): UsageRecord {
  return {
    requestId,
    apiKeyId: 'key-1',
    publicId: 'model',
    upstreamModel: 'model',
    endpoint: 'chat.completions',
    status: 200,
    usage: usage as UsageRecord['usage'],
    costUsd: undefined,
    ttfbMs: 5,
    latencyMs: 10,
    stream: false,
    errorCode: undefined,
    errorMessage: undefined,
    target: 'default',
    attempts: 1,
    startedAt: new Date(),
    ...extra,
  };
}

describe('usage writer against hostile token counts', () => {
  it('coerces strings, NaN, negatives and huge counts, and writes every record', async () => {
    const writer = new UsageWriter(database, pino({ level: 'silent' }));
    writer.record(record('string', { input_tokens: 'lots', output_tokens: 3 }));
    writer.record(record('huge', { input_tokens: 1e12, output_tokens: 2 ** 60 }));
    writer.record(
      record('negative', { input_tokens: -5, output_tokens: Number.NaN }, { costUsd: Number.NaN }),
    );
    await writer.flush();
    expect(writer.pending).toBe(0);
    const rows = await database.queryRows(
      sql`select request_id, input_tokens::text as input, output_tokens::text as output from usage_records order by request_id`,
    );
    expect(rows).toEqual([
      { request_id: 'huge', input: '1000000000000', output: String(Number.MAX_SAFE_INTEGER) },
      { request_id: 'negative', input: '0', output: '0' },
      { request_id: 'string', input: '0', output: '3' },
    ]);
  });

  it('drops and counts only the row the database refuses; the rest of its batch is written', async () => {
    const writer = new UsageWriter(database, pino({ level: 'silent' }));
    for (let index = 0; index < 10; index++) writer.record(record(`ok-${index}`, { input_tokens: 1 }));
    // A timestamp Postgres cannot store: only this row can fail.
    writer.record(record('bad', { input_tokens: 1 }, { startedAt: new Date(8.64e15) }));
    for (let index = 10; index < 20; index++) writer.record(record(`ok-${index}`, { input_tokens: 1 }));
    await writer.flush();
    expect(writer.pending).toBe(0);
    expect(writer.rejected).toBe(1);
    const [count] = await database.queryRows(
      sql`select count(*)::int as n from usage_records where request_id like 'ok-%'`,
    );
    expect(count?.n).toBe(20);
  });
});
