import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { usageRecords } from '../schema';

/** One page of the request log, newest first. */
export type RequestLogQuery = {
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** A public id. */
  model?: string;
  /** An api_keys.id. */
  keyId?: string;
  /** An exact HTTP status (429) or a class (`4xx`). */
  status?: number | `${1 | 2 | 3 | 4 | 5}xx`;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
};

export type RequestLogRow = {
  request_id: string;
  time: Date;
  key_id: string | null;
  model: string | null;
  target: string | null;
  endpoint: string | null;
  status: number;
  latency_ms: number;
  ttfb_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost: number | null;
  attempts: number | null;
  stream: boolean;
  error_code: string | null;
  error_message: string | null;
};

/**
 * A keyset cursor: the last row's exact `created_at` (as Postgres prints it, so microseconds
 * survive the round trip) and its id. Offset paging would re-read every skipped row.
 */
type Cursor = { createdAt: string; id: number };

export function encodeRequestLogCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');
}

export function decodeRequestLogCursor(value: string): Cursor | undefined {
  const [createdAt, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || !/^\d+$/.test(id) || !/^\d{4}-\d\d-\d\d[ T][\d:.]+[+-][\d:]+$/.test(createdAt)) {
    return undefined;
  }
  return { createdAt, id: Number(id) };
}

/**
 * The request log, newest first, `limit` rows after `cursor`. Served by the
 * `(created_at desc, id desc)` indexes (one per filterable column), so a page costs the same on
 * the millionth row as on the first.
 */
export async function listRequestLog(
  database: Database,
  query: RequestLogQuery,
): Promise<{ rows: RequestLogRow[]; nextCursor: string | null }> {
  const rows = await requestLogQuery(database, query);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeRequestLogCursor({ createdAt: last.created_at_text, id: last.id })
      : null;
  return {
    rows: page.map(({ id: _id, created_at_text: _text, ...row }) => ({
      ...row,
      time: new Date(row.time),
      cost: row.cost === null ? null : Number(row.cost),
    })),
    nextCursor,
  };
}

/**
 * The page's query (one row more than `limit`, to know whether another page follows), unexecuted:
 * `listRequestLog` runs it, and a test checks its plan is an index scan, not a sort.
 */
export function requestLogQuery(database: Database, query: RequestLogQuery) {
  const conditions: SQL[] = [];
  if (query.from) conditions.push(gte(usageRecords.created_at, query.from));
  if (query.to) conditions.push(lt(usageRecords.created_at, query.to));
  if (query.model !== undefined) conditions.push(eq(usageRecords.public_id, query.model));
  if (query.keyId !== undefined) conditions.push(eq(usageRecords.api_key_id, query.keyId));
  if (typeof query.status === 'number') conditions.push(eq(usageRecords.status, query.status));
  else if (query.status !== undefined) {
    const low = Number(query.status[0]) * 100;
    conditions.push(gte(usageRecords.status, low), lt(usageRecords.status, low + 100));
  }
  if (query.cursor !== undefined) {
    const cursor = decodeRequestLogCursor(query.cursor);
    if (!cursor) throw new RangeError('cursor is not a cursor this endpoint returned');
    conditions.push(
      sql`(${usageRecords.created_at}, ${usageRecords.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id})`,
    );
  }
  return (
    database.db
      .select({
        id: usageRecords.id,
        created_at_text: sql<string>`${usageRecords.created_at}::text`,
        request_id: usageRecords.request_id,
        time: usageRecords.created_at,
        key_id: usageRecords.api_key_id,
        model: usageRecords.public_id,
        target: usageRecords.target,
        endpoint: usageRecords.endpoint,
        status: usageRecords.status,
        latency_ms: usageRecords.latency_ms,
        ttfb_ms: usageRecords.ttfb_ms,
        input_tokens: usageRecords.input_tokens,
        output_tokens: usageRecords.output_tokens,
        cache_read_tokens: usageRecords.cache_read_tokens,
        cache_write_tokens: usageRecords.cache_write_tokens,
        cost: usageRecords.cost_usd,
        attempts: usageRecords.attempts,
        stream: usageRecords.stream,
        error_code: usageRecords.error_code,
        error_message: usageRecords.error_message,
      })
      .from(usageRecords)
      .where(conditions.length ? and(...conditions) : undefined)
      // NULLS LAST as the indexes are declared (drizzle's default): a plain `desc` means NULLS FIRST
      // to Postgres, which no `(… desc nulls last)` index can order (the columns are NOT NULL, but the
      // planner matches the declared order, not the constraint).
      .orderBy(sql`${usageRecords.created_at} desc nulls last, ${usageRecords.id} desc nulls last`)
      .limit(query.limit + 1)
  );
}

/**
 * Deletes rows older than `before` in batches of `batchSize` (each its own short statement taking
 * row locks only), so retention never blocks the usage writer or the request-log reader.
 * Returns how many rows were deleted.
 */
export async function deleteRequestLogBefore(
  database: Database,
  before: Date,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 5_000;
  const maxBatches = options.maxBatches ?? 1_000;
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const rows = await database.queryRows(sql`
      delete from usage_records where id in (
        select id from usage_records where created_at < ${before.toISOString()}::timestamptz
        order by created_at limit ${batchSize}
      ) returning 1 as deleted`);
    deleted += rows.length;
    if (rows.length < batchSize) break;
  }
  return deleted;
}

/** A key's tokens and known cost since `since` (budget windows). */
export async function usageSince(
  database: Database,
  apiKeyId: string,
  since: Date,
): Promise<{ tokens: number; costUsd: number }> {
  const [row] = await database.db
    .select({
      tokens:
        sql`coalesce(sum(${usageRecords.input_tokens}::bigint + ${usageRecords.output_tokens} + ${usageRecords.cache_read_tokens} + ${usageRecords.cache_write_tokens}), 0)`.mapWith(
          Number,
        ),
      costUsd: sql`coalesce(sum(${usageRecords.cost_usd}), 0)`.mapWith(Number),
    })
    .from(usageRecords)
    .where(and(eq(usageRecords.api_key_id, apiKeyId), gte(usageRecords.created_at, since)));
  return { tokens: row?.tokens ?? 0, costUsd: row?.costUsd ?? 0 };
}
