import { expect, it } from 'vitest';
import type { NewUsageRecordRow } from '../schema';
import { describeEachTarget, useEmptyDatabase } from '../test-support/test-targets';
import { insertUsageRecords, tokensUsedSince, usageTotals } from './usage';

function record(overrides: Partial<NewUsageRecordRow>): NewUsageRecordRow {
  return { request_id: 'request', status: 200, latency_ms: 100, stream: false, ...overrides };
}

const day1 = new Date('2030-03-01T10:00:00.000Z');
const day1Late = new Date('2030-03-01T23:59:59.999Z');
const day2 = new Date('2030-03-02T00:00:00.000Z');
const outside = new Date('2030-04-01T00:00:00.000Z');
const range = { from: new Date('2030-03-01T00:00:00.000Z'), to: outside };

const records: NewUsageRecordRow[] = [
  record({
    request_id: 'r1',
    api_key_id: 'k1',
    public_id: 'claude',
    input_tokens: 10,
    output_tokens: 20,
    cache_read_tokens: 3,
    cache_write_tokens: 4,
    cost_usd: 0.5,
    created_at: day1,
  }),
  record({
    request_id: 'r2',
    api_key_id: 'k1',
    public_id: 'gpt',
    input_tokens: 1,
    output_tokens: 2,
    cost_usd: 0.25,
    stream: true,
    ttfb_ms: 30,
    created_at: day1Late,
  }),
  record({
    request_id: 'r3',
    api_key_id: 'k2',
    public_id: 'claude',
    input_tokens: 100,
    output_tokens: 200,
    created_at: day2,
  }),
  record({ request_id: 'r4', status: 401, error_code: 'invalid_api_key', created_at: day2 }),
  record({ request_id: 'r5', api_key_id: 'k1', public_id: 'claude', input_tokens: 999, created_at: outside }),
];

describeEachTarget('usage_records queries', (target) => {
  const database = useEmptyDatabase(target);

  it('inserts a batch with defaults and ignores an empty batch', async () => {
    await insertUsageRecords(database.current, []);
    await insertUsageRecords(database.current, [record({ request_id: 'only' })]);
    const [row] = await usageTotals(database.current, {
      from: new Date(0),
      to: new Date('2100-01-01T00:00:00Z'),
      groupBy: 'model',
    });
    expect(row).toEqual({
      group: null,
      requests: 1,
      input_tokens: 0,
      output_tokens: 0,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      cost_usd: null,
    });
  });

  it('totals by model over [from, to)', async () => {
    await insertUsageRecords(database.current, records);
    expect(await usageTotals(database.current, { ...range, groupBy: 'model' })).toEqual([
      {
        group: 'claude',
        requests: 2,
        input_tokens: 110,
        output_tokens: 220,
        cache_read_tokens: 3,
        cache_write_tokens: 4,
        cost_usd: 0.5,
      },
      {
        group: 'gpt',
        requests: 1,
        input_tokens: 1,
        output_tokens: 2,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
        cost_usd: 0.25,
      },
      {
        group: null,
        requests: 1,
        input_tokens: 0,
        output_tokens: 0,
        cache_read_tokens: 0,
        cache_write_tokens: 0,
        cost_usd: null,
      },
    ]);
  });

  it('totals by key and by UTC day', async () => {
    await insertUsageRecords(database.current, records);
    const byKey = await usageTotals(database.current, { ...range, groupBy: 'key' });
    expect(byKey.map((row) => [row.group, row.requests, row.input_tokens, row.cost_usd])).toEqual([
      ['k1', 2, 11, 0.75],
      ['k2', 1, 100, null],
      [null, 1, 0, null],
    ]);
    const byDay = await usageTotals(database.current, { ...range, groupBy: 'day' });
    expect(byDay.map((row) => [row.group, row.requests, row.output_tokens])).toEqual([
      ['2030-03-01', 2, 22],
      ['2030-03-02', 2, 200],
    ]);
  });

  it('totals by target, named <public_id>#<target>', async () => {
    await insertUsageRecords(database.current, [
      record({ request_id: 't1', public_id: 'claude', target: 'us-east-1', attempts: 1, created_at: day1 }),
      record({ request_id: 't2', public_id: 'claude', target: 'us-west-2', attempts: 2, created_at: day1 }),
      record({ request_id: 't3', public_id: 'claude', target: 'us-west-2', attempts: 1, created_at: day2 }),
      record({ request_id: 't4', public_id: 'gpt', target: 'default', attempts: 1, created_at: day2 }),
      record({ request_id: 't5', status: 401, created_at: day2 }),
    ]);
    const byTarget = await usageTotals(database.current, { ...range, groupBy: 'target' });
    expect(byTarget.map((row) => [row.group, row.requests])).toEqual([
      ['claude#us-east-1', 1],
      ['claude#us-west-2', 2],
      ['gpt#default', 1],
      [null, 1],
    ]);
  });

  it('counts every token kind a key used since a moment', async () => {
    await insertUsageRecords(database.current, records);
    expect(await tokensUsedSince(database.current, 'k1', range.from)).toBe(10 + 20 + 3 + 4 + 1 + 2 + 999);
    expect(await tokensUsedSince(database.current, 'k1', day2)).toBe(999);
    expect(await tokensUsedSince(database.current, 'nobody', range.from)).toBe(0);
  });

  it('splits a batch larger than one statement can bind', async () => {
    const many = Array.from({ length: 2_001 }, (_, index) =>
      record({ request_id: `bulk-${index}`, api_key_id: 'bulk', output_tokens: 1, created_at: day1 }),
    );
    await insertUsageRecords(database.current, many);
    expect(await tokensUsedSince(database.current, 'bulk', range.from)).toBe(2_001);
  });
});
