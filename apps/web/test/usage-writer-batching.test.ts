import type { UsageRecord } from '@gateway/ai-gateway';
import { createDatabase, type Database } from '@gateway/db';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageWriter } from '@/server/stores/usage-writer';
import { countQueries } from './support/count-queries';

// Issue 18: a flush started by a full batch kept writing until the queue was empty; under steady
// load every write let a request or two finish, so the gateway ended up with one insert per request.
let database: Database;
beforeAll(async () => {
  database = await createDatabase({ dataDir: 'memory://' });
});
afterAll(() => database?.close());

let sequence = 0;
function record(): UsageRecord {
  sequence += 1;
  return {
    requestId: `batching-${sequence}`,
    apiKeyId: 'key-1',
    publicId: 'model',
    upstreamModel: 'model',
    endpoint: 'chat.completions',
    status: 200,
    usage: { input_tokens: 1, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    costUsd: undefined,
    ttfbMs: 1,
    latencyMs: 2,
    stream: false,
    errorCode: undefined,
    errorMessage: undefined,
    target: 'default',
    attempts: 1,
    startedAt: new Date(),
  };
}

const inserts = (statements: readonly string[]) =>
  statements.filter((statement) => statement.includes('insert into usage_records')).length;

describe('usage writer batching under steady load', () => {
  it('writes full batches while requests keep arriving, never a row at a time', async () => {
    const writer = new UsageWriter(database, pino({ level: 'silent' }), { batchSize: 50 });
    const counter = countQueries(database);
    try {
      // 500 records, each a few microtask turns after the last, like requests finishing while a
      // batch is being written.
      for (let index = 0; index < 500; index++) {
        writer.record(record());
        for (let turn = 0; turn < 10; turn++) await Promise.resolve();
      }
      await writer.flush();
      expect(writer.pending).toBe(0);
      expect(writer.written).toBe(500);
      // 10 full batches (the earlier writer: 104 inserts here, most of them a row or two).
      expect(inserts(counter.statements)).toBeLessThanOrEqual(11);
    } finally {
      counter.restore();
    }
    const [count] = await database.queryRows(
      sql`select count(*)::int as n from usage_records where request_id like 'batching-%'`,
    );
    expect(count?.n).toBe(500);
  });

  it('an explicit flush during a running one writes what arrived meanwhile too', async () => {
    const writer = new UsageWriter(database, pino({ level: 'silent' }), { batchSize: 1000 });
    writer.record(record());
    const first = writer.flush();
    writer.record(record());
    writer.record(record());
    const second = writer.flush();
    const third = writer.flush();
    await Promise.all([first, second, third]);
    expect(writer.pending).toBe(0);
    expect(writer.written).toBe(3);
  });
});
