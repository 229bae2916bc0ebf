import { type AnyColumn, and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { type NewUsageRecordRow, usageRecords } from '../schema';

export type UsageGroupBy = 'model' | 'key' | 'day' | 'target';

export type UsageTotalsQuery = {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  groupBy: UsageGroupBy;
};

export type UsageTotalsRow = {
  /**
   * The model's public_id, the api_key_id, the UTC day as `YYYY-MM-DD`, or the target as
   * `<public_id>#<target>` (target names are per model); null when unknown.
   */
  group: string | null;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  /** Null when no request in the group had a known cost. */
  cost_usd: number | null;
};

// Postgres accepts at most 65535 bind parameters per statement; 16 columns x 2000 rows stays under.
const ROWS_PER_STATEMENT = 2_000;

/** Inserts a batch as one multi-row INSERT (split only past the bind-parameter limit). */
export async function insertUsageRecords(database: Database, records: NewUsageRecordRow[]): Promise<void> {
  for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
    await database.db.insert(usageRecords).values(records.slice(start, start + ROWS_PER_STATEMENT));
  }
}

const groupExpressions: Record<UsageGroupBy, SQL<string | null>> = {
  model: sql`${usageRecords.public_id}`,
  key: sql`${usageRecords.api_key_id}`,
  day: sql`to_char(${usageRecords.created_at} at time zone 'UTC', 'YYYY-MM-DD')`,
  target: sql`${usageRecords.public_id} || '#' || ${usageRecords.target}`,
};

// sum() of integers is bigint, which node-postgres returns as a string: convert explicitly.
const sumOf = (column: SQL | AnyColumn) => sql`coalesce(sum(${column}), 0)`.mapWith(Number);

/** Totals per group over `[from, to)`, ordered by group. */
export async function usageTotals(database: Database, query: UsageTotalsQuery): Promise<UsageTotalsRow[]> {
  const rows = await database.db
    .select({
      group: groupExpressions[query.groupBy],
      requests: sql`count(*)`.mapWith(Number),
      input_tokens: sumOf(usageRecords.input_tokens),
      output_tokens: sumOf(usageRecords.output_tokens),
      cache_read_tokens: sumOf(usageRecords.cache_read_tokens),
      cache_write_tokens: sumOf(usageRecords.cache_write_tokens),
      cost_usd: sql<number | null>`sum(${usageRecords.cost_usd})`,
    })
    .from(usageRecords)
    .where(and(gte(usageRecords.created_at, query.from), lt(usageRecords.created_at, query.to)))
    // By position, so the grouped expression is written (and parameterised) only once.
    .groupBy(sql`1`)
    .orderBy(sql`1 asc nulls last`);
  return rows.map((row) => ({ ...row, cost_usd: row.cost_usd === null ? null : Number(row.cost_usd) }));
}

/**
 * Tokens a key consumed since `since` (for its monthly budget): input + output + cache read +
 * cache write, as the gateway records them.
 */
export async function tokensUsedSince(database: Database, apiKeyId: string, since: Date): Promise<number> {
  const [row] = await database.db
    .select({
      tokens: sumOf(
        sql`${usageRecords.input_tokens}::bigint + ${usageRecords.output_tokens} + ${usageRecords.cache_read_tokens} + ${usageRecords.cache_write_tokens}`,
      ),
    })
    .from(usageRecords)
    .where(and(eq(usageRecords.api_key_id, apiKeyId), gte(usageRecords.created_at, since)));
  return row?.tokens ?? 0;
}
