import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { type ApiKeyRow, apiKeys } from '../schema';

export type InsertApiKeyInput = {
  /** Defaults to a database-generated UUID. */
  id?: string;
  name: string;
  /** A hash of the key (the app chooses the algorithm); the key itself is never stored. */
  key_hash: string;
  key_prefix: string;
  allowed_models?: string[] | null;
  monthly_token_budget?: number | null;
  limits?: Record<string, unknown> | null;
};

export async function insertApiKey(database: Database, input: InsertApiKeyInput): Promise<ApiKeyRow> {
  return database.writeWithNotice(
    async (transaction) => {
      const [row] = await transaction.insert(apiKeys).values(input).returning();
      if (!row) throw new Error('insert returned no row');
      return row;
    },
    (row) => ({ table: 'api_keys', key: row.id }),
  );
}

/** Every key, revoked ones included, oldest first (for the admin list). */
export async function listApiKeys(database: Database): Promise<ApiKeyRow[]> {
  return database.db.select().from(apiKeys).orderBy(asc(apiKeys.created_at), asc(apiKeys.id));
}

/** Keys that still authenticate, to fill an in-process cache. */
export async function listActiveApiKeys(database: Database): Promise<ApiKeyRow[]> {
  return database.db
    .select()
    .from(apiKeys)
    .where(isNull(apiKeys.revoked_at))
    .orderBy(asc(apiKeys.created_at), asc(apiKeys.id));
}

/** The key with this hash, revoked or not: callers must check `revoked_at`. */
export async function findApiKeyByHash(database: Database, keyHash: string): Promise<ApiKeyRow | null> {
  const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.key_hash, keyHash));
  return row ?? null;
}

/** True when this call revoked the key; false when it does not exist or was already revoked. */
export async function revokeApiKey(database: Database, id: string): Promise<boolean> {
  return database.writeWithNotice(
    async (transaction) => {
      const revoked = await transaction
        .update(apiKeys)
        .set({ revoked_at: sql`now()` })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revoked_at)))
        .returning({ id: apiKeys.id });
      return revoked.length > 0;
    },
    (revoked) => (revoked ? { table: 'api_keys', key: id } : null),
  );
}

/**
 * Records that these keys were used at `at`, in one statement, never moving a timestamp back.
 * Sends no change notice on purpose: `last_used_at` is bookkeeping no instance caches, and a
 * notice per flush would make every instance reload its key cache continuously.
 * Returns how many keys were updated.
 */
export async function touchApiKeysLastUsed(database: Database, ids: string[], at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const touched = await database.db
    .update(apiKeys)
    .set({ last_used_at: at })
    .where(
      and(
        inArray(apiKeys.id, [...new Set(ids)]),
        or(isNull(apiKeys.last_used_at), lt(apiKeys.last_used_at, at)),
      ),
    )
    .returning({ id: apiKeys.id });
  return touched.length;
}

/** Replaces a key's limits (null = none). True when the key exists. */
export async function updateApiKeyLimits(
  database: Database,
  id: string,
  limits: Record<string, unknown> | null,
): Promise<boolean> {
  return database.writeWithNotice(
    async (transaction) => {
      const updated = await transaction
        .update(apiKeys)
        .set({ limits, monthly_token_budget: null })
        .where(eq(apiKeys.id, id))
        .returning({ id: apiKeys.id });
      return updated.length > 0;
    },
    (updated) => (updated ? { table: 'api_keys', key: id } : null),
  );
}
