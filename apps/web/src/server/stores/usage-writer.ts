import type { UsageRecord as CoreUsageRecord } from '@gateway/ai-gateway';
import type { Database } from '@gateway/db';
import { sql } from 'drizzle-orm';
import type { Logger } from '../logger';

/** The core's record; the request-log fields are optional until the rewritten core sends them. */
export type UsageRecord = Omit<CoreUsageRecord, 'endpoint'> & {
  endpoint: string;
  target?: string | undefined;
  attempts?: number;
  errorMessage?: string | undefined;
};

export type UsageWriterOptions = {
  /** Flush when this many records are waiting. */
  batchSize?: number;
  /** Records kept while the database is unreachable; past it the oldest are dropped and counted. */
  maxBuffered?: number;
};

/**
 * Usage records are queued in memory and written in batches: no request waits for a database
 * write. During an outage the queue grows up to a bound; dropped records are counted and logged.
 */
export class UsageWriter {
  private queue: UsageRecord[] = [];
  /** The flush writing now, and the one queued behind it (at most one). */
  private running: Promise<void> | undefined;
  private waiting: Promise<void> | undefined;
  private readonly batchSize: number;
  private readonly maxBuffered: number;
  dropped = 0;
  written = 0;
  failures = 0;
  /** Rows the database refused on their own (the rest of their batch was written); counted, logged. */
  rejected = 0;

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    options: UsageWriterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.maxBuffered = options.maxBuffered ?? 50_000;
  }

  record(record: UsageRecord): void {
    this.queue.push(sanitizeUsageRecord(record));
    if (this.queue.length > this.maxBuffered) {
      const excess = this.queue.length - this.maxBuffered;
      this.queue.splice(0, excess);
      this.dropped += excess;
      this.logger.warn({ dropped: this.dropped }, 'usage buffer full; oldest records dropped');
    }
    if (this.queue.length >= this.batchSize && !this.running) void this.flush();
  }

  get pending(): number {
    return this.queue.length;
  }

  /**
   * Writes everything queued when it is called (a flush already under way finishes first, then the
   * rest is written). When the database is unreachable the unwritten records go back to the front
   * of the queue; when it is reachable but refuses a batch, the batch is split until the refused
   * rows are found, and only those are dropped and counted (issue 17 #7: one bad row used to block
   * every later record forever).
   *
   * Records that arrive while a flush is writing wait for the next batch (`batchSize` of them, or
   * the runtime's 1 s timer). The flush used to keep going until the queue was empty, which under
   * steady load meant one insert per request (each write lets a few requests finish): on the
   * embedded database that was over half of the gateway's CPU (issue 18, bench/in-process.ts).
   */
  flush(): Promise<void> {
    // One flush queued behind the running one covers every caller that asks meanwhile.
    if (this.waiting) return this.waiting;
    const running = this.running;
    if (running === undefined) return this.startFlush();
    this.waiting = running.then(() => {
      this.waiting = undefined;
      return this.startFlush();
    });
    return this.waiting;
  }

  private startFlush(): Promise<void> {
    const run = this.flushQueued().then((written) => {
      this.running = undefined;
      // A full batch that gathered meanwhile goes now; after a failed write the timer retries.
      if (written && !this.waiting && this.queue.length >= this.batchSize) void this.flush();
    });
    this.running = run;
    return run;
  }

  /** False when the database was unreachable (what was left is back in the queue). */
  private async flushQueued(): Promise<boolean> {
    let remaining = this.queue.length;
    while (remaining > 0) {
      const batch = this.queue.splice(0, Math.min(this.batchSize, remaining));
      remaining -= batch.length;
      const unwritten = await this.writeOrSplit(batch);
      if (unwritten.length > 0) {
        this.queue.unshift(...unwritten);
        this.logger.warn(
          { pending: this.queue.length },
          'usage flush failed: database unreachable; will retry',
        );
        return false;
      }
    }
    return true;
  }

  /** Returns the records left unwritten because the database is unreachable. */
  private async writeOrSplit(batch: UsageRecord[]): Promise<UsageRecord[]> {
    try {
      await insertUsageBatch(this.database, batch);
      this.written += batch.length;
      return [];
    } catch (error) {
      this.failures++;
      const reachable = await this.database.ping().then(
        () => true,
        () => false,
      );
      if (!reachable) return batch;
      if (batch.length === 1) {
        this.rejected += 1;
        this.logger.error(
          { requestId: batch[0]?.requestId, rejected: this.rejected, err: (error as Error).message },
          'usage record refused by the database; dropped',
        );
        return [];
      }
      const middle = Math.ceil(batch.length / 2);
      const first = await this.writeOrSplit(batch.slice(0, middle));
      if (first.length > 0) return [...first, ...batch.slice(middle)];
      return this.writeOrSplit(batch.slice(middle));
    }
  }
}

/** A count as the database stores it: a non-negative safe integer (NaN, strings, negatives -> 0). */
export function toCount(value: unknown): number {
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number) || number <= 0) return 0;
  return Math.min(Math.floor(number), Number.MAX_SAFE_INTEGER);
}

const MAX_INT4 = 2_147_483_647;

/**
 * Upstream-reported numbers are not trusted (issue 17 #7): token counts become non-negative safe
 * integers, durations fit their integer columns, a cost that is not a finite non-negative number is
 * unknown. Applied where records enter the writer and the budget accounting (runtime.ts).
 */
export function sanitizeUsageRecord(record: UsageRecord): UsageRecord {
  const cost = record.costUsd;
  return {
    ...record,
    status: Math.min(toCount(record.status), 999),
    usage: {
      input_tokens: toCount(record.usage?.input_tokens),
      output_tokens: toCount(record.usage?.output_tokens),
      cache_read_input_tokens: toCount(record.usage?.cache_read_input_tokens),
      cache_creation_input_tokens: toCount(record.usage?.cache_creation_input_tokens),
    },
    costUsd: typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : undefined,
    ttfbMs: record.ttfbMs === undefined ? undefined : Math.min(toCount(record.ttfbMs), MAX_INT4),
    latencyMs: Math.min(toCount(record.latencyMs), MAX_INT4),
  };
}

/**
 * The whole batch as ONE statement with ONE parameter (a JSON array expanded by
 * json_to_recordset). Profiling under load showed drizzle's multi-row insert builder (15 bound
 * parameters per row, each walked by the query builder) costing ~8% of the gateway's CPU; this
 * costs one JSON.stringify. https://www.postgresql.org/docs/current/functions-json.html
 */
export async function insertUsageBatch(database: Database, records: readonly UsageRecord[]): Promise<void> {
  if (records.length === 0) return;
  const rows = JSON.stringify(records.map(toRow));
  await database.queryRows(sql`
    insert into usage_records (request_id, api_key_id, public_id, upstream_model, status, input_tokens,
      output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, ttfb_ms, latency_ms, stream,
      error_code, created_at, target, endpoint, attempts, error_message)
    select request_id, api_key_id, public_id, upstream_model, status, input_tokens, output_tokens,
      cache_read_tokens, cache_write_tokens, cost_usd, ttfb_ms, latency_ms, stream, error_code, created_at,
      target, endpoint, attempts, error_message
    from json_to_recordset(${rows}::json) as row(request_id text, api_key_id text, public_id text,
      upstream_model text, status integer, input_tokens bigint, output_tokens bigint,
      cache_read_tokens bigint, cache_write_tokens bigint, cost_usd double precision,
      ttfb_ms integer, latency_ms integer, stream boolean, error_code text, created_at timestamptz,
      target text, endpoint text, attempts integer, error_message text)`);
}

function toRow(record: UsageRecord) {
  return {
    request_id: record.requestId,
    api_key_id: record.apiKeyId ?? null,
    public_id: record.publicId ?? null,
    upstream_model: record.upstreamModel ?? null,
    status: record.status,
    input_tokens: record.usage.input_tokens,
    output_tokens: record.usage.output_tokens,
    cache_read_tokens: record.usage.cache_read_input_tokens,
    cache_write_tokens: record.usage.cache_creation_input_tokens,
    cost_usd: record.costUsd ?? null,
    ttfb_ms: record.ttfbMs ?? null,
    latency_ms: record.latencyMs,
    stream: record.stream,
    error_code: record.errorCode ?? null,
    created_at: record.startedAt,
    target: record.target ?? null,
    endpoint: record.endpoint,
    attempts: record.attempts ?? null,
    // Masked by the core; capped so one odd upstream message cannot bloat the log.
    error_message: record.errorMessage?.slice(0, 1_000) ?? null,
  };
}
