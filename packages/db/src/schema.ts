import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

// Column names stay snake_case in TypeScript too (CONVENTIONS: DB fields stay snake_case),
// so a selected row looks exactly like the table.

/** A JSON object as stored in jsonb; the app layer validates its shape (zod) at the edges. */
export type JsonObject = Record<string, unknown>;

/**
 * Custom LLM definitions, keyed by the model name callers use. `encrypted_secrets` holds the
 * app's envelope-encrypted blob of the definition's secrets; this package never decrypts it.
 */
export const customLlm2 = pgTable('custom_llm2', {
  public_id: text('public_id').primaryKey(),
  definition: jsonb('definition').$type<JsonObject>().notNull(),
  encrypted_secrets: jsonb('encrypted_secrets').$type<JsonObject>(),
  created_at: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updated_at: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Caller keys: only a hash of the key is stored; the prefix lets an admin recognise a key. */
export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  key_hash: text('key_hash').notNull().unique(),
  key_prefix: text('key_prefix').notNull(),
  allowed_models: jsonb('allowed_models').$type<string[]>(),
  monthly_token_budget: bigint('monthly_token_budget', { mode: 'number' }),
  created_at: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  last_used_at: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  revoked_at: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});

/** One row per gateway request, written in batches off the hot path. */
export const usageRecords = pgTable(
  'usage_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    request_id: text('request_id').notNull(),
    api_key_id: text('api_key_id'),
    public_id: text('public_id'),
    upstream_model: text('upstream_model'),
    status: integer('status').notNull(),
    input_tokens: integer('input_tokens').notNull().default(0),
    output_tokens: integer('output_tokens').notNull().default(0),
    cache_read_tokens: integer('cache_read_tokens').notNull().default(0),
    cache_write_tokens: integer('cache_write_tokens').notNull().default(0),
    cost_usd: doublePrecision('cost_usd'),
    ttfb_ms: integer('ttfb_ms'),
    latency_ms: integer('latency_ms').notNull(),
    stream: boolean('stream').notNull(),
    error_code: text('error_code'),
    created_at: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    // --- targets (issue 13): which target answered and how many upstream attempts it took ---
    target: text('target'),
    attempts: integer('attempts').notNull().default(0),
    // --- end targets ---
  },
  (table) => [
    index('usage_records_created_at_idx').on(table.created_at),
    index('usage_records_api_key_id_created_at_idx').on(table.api_key_id, table.created_at),
  ],
);

export type CustomLlmRow = typeof customLlm2.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type NewApiKeyRow = typeof apiKeys.$inferInsert;
export type UsageRecordRow = typeof usageRecords.$inferSelect;
export type NewUsageRecordRow = typeof usageRecords.$inferInsert;
