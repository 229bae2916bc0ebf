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
  // --- governance (issue 16): per-key limits, validated by the app (KeyLimitsSchema) ---
  limits: jsonb('limits').$type<JsonObject>(),
  // --- end governance ---
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
    // bigint: upstream-reported counts are coerced but may still be large, and sums grow (issue 17 #7).
    input_tokens: bigint('input_tokens', { mode: 'number' }).notNull().default(0),
    // bigint: upstream-reported counts are coerced but may still be large, and sums grow (issue 17 #7).
    output_tokens: bigint('output_tokens', { mode: 'number' }).notNull().default(0),
    // bigint: upstream-reported counts are coerced but may still be large, and sums grow (issue 17 #7).
    cache_read_tokens: bigint('cache_read_tokens', { mode: 'number' }).notNull().default(0),
    // bigint: upstream-reported counts are coerced but may still be large, and sums grow (issue 17 #7).
    cache_write_tokens: bigint('cache_write_tokens', { mode: 'number' }).notNull().default(0),
    cost_usd: doublePrecision('cost_usd'),
    ttfb_ms: integer('ttfb_ms'),
    latency_ms: integer('latency_ms').notNull(),
    stream: boolean('stream').notNull(),
    error_code: text('error_code'),
    created_at: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    // --- request log (issues 13, 16): which target answered, after how many attempts, and why it failed ---
    target: text('target'),
    endpoint: text('endpoint'),
    attempts: integer('attempts'),
    /** Masked by the core before it reaches the record; never a request or response body. */
    error_message: text('error_message'),
    // --- end request log ---
  },
  (table) => [
    // No index on created_at alone: (created_at desc, id desc) below serves the same range scans,
    // and every index is paid on each usage insert (issue 18: ~10% of a batch's cost on PGlite).
    index('usage_records_api_key_id_created_at_idx').on(table.api_key_id, table.created_at),
    // --- governance (issue 16): newest-first keyset paging of the request log, per filter ---
    index('usage_records_created_at_id_idx').on(table.created_at.desc(), table.id.desc()),
    index('usage_records_public_id_created_at_id_idx').on(
      table.public_id,
      table.created_at.desc(),
      table.id.desc(),
    ),
    index('usage_records_status_created_at_id_idx').on(
      table.status,
      table.created_at.desc(),
      table.id.desc(),
    ),
    // --- end governance ---
  ],
);

// ---- Responses API (issue 14) ----

/**
 * `/v1/responses` answers kept for `previous_response_id` and GET/DELETE, owned by one caller key,
 * until `expires_at` (GATEWAY_RESPONSES_TTL_DAYS). `input` is the whole conversation the response
 * answered; sealed reasoning inside it is encrypted by the app.
 */
export const storedResponses = pgTable(
  'stored_responses',
  {
    id: text('id').primaryKey(),
    api_key_id: text('api_key_id').notNull(),
    response: jsonb('response').$type<JsonObject>().notNull(),
    input: jsonb('input').$type<unknown[]>().notNull(),
    created_at: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expires_at: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('stored_responses_expires_at_idx').on(table.expires_at)],
);

export type StoredResponseRow = typeof storedResponses.$inferSelect;

// ---- end Responses API ----

// ---- Security (issue 17 / issue 16 item 4): audit log, named admin tokens, admin sessions ----

/** Every admin change: who (actor), what (action, subject) and a diff with every secret masked. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    time: timestamp('time', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    diff: jsonb('diff').$type<JsonObject>(),
  },
  (table) => [index('audit_log_time_idx').on(table.time, table.id)],
);

/** Named admin tokens besides the bootstrap GATEWAY_ADMIN_TOKEN: stored hashed, shown once, revocable. */
export const adminTokens = pgTable('admin_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  token_hash: text('token_hash').notNull().unique(),
  token_prefix: text('token_prefix').notNull(),
  created_at: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  last_used_at: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  revoked_at: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});

/**
 * Console sessions, held server-side so logout ends one at once and revoking or rotating the
 * token that opened it ends every session it opened. Only a hash of the cookie value is stored.
 */
export const adminSessions = pgTable('admin_sessions', {
  id_hash: text('id_hash').primaryKey(),
  /** `bootstrap` or an admin_tokens id. */
  actor: text('actor').notNull(),
  /** For the bootstrap actor: a fingerprint of the token that opened it (rotation ends the session). */
  token_fingerprint: text('token_fingerprint'),
  expires_at: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  created_at: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export type AuditLogRow = typeof auditLog.$inferSelect;
export type AdminTokenRow = typeof adminTokens.$inferSelect;
export type AdminSessionRow = typeof adminSessions.$inferSelect;
// ---- end security block ----

export type CustomLlmRow = typeof customLlm2.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type NewApiKeyRow = typeof apiKeys.$inferInsert;
export type UsageRecordRow = typeof usageRecords.$inferSelect;
export type NewUsageRecordRow = typeof usageRecords.$inferInsert;
