import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { type JsonObject, storedResponses } from '../schema';

export type SaveStoredResponseInput = {
  id: string;
  api_key_id: string;
  response: JsonObject;
  input: unknown[];
  expires_at: Date;
};

/** Inserts (or replaces, for the same key) a stored response. */
export async function saveStoredResponse(database: Database, input: SaveStoredResponseInput): Promise<void> {
  await database.db
    .insert(storedResponses)
    .values(input)
    .onConflictDoUpdate({
      target: storedResponses.id,
      set: { response: input.response, input: input.input, expires_at: input.expires_at },
      setWhere: eq(storedResponses.api_key_id, input.api_key_id),
    });
}

/** The key's own response, when it exists and has not expired (checked by the database clock). */
export async function getStoredResponse(
  database: Database,
  apiKeyId: string,
  id: string,
): Promise<{ response: JsonObject; input: unknown[] } | null> {
  const [row] = await database.db
    .select({ response: storedResponses.response, input: storedResponses.input })
    .from(storedResponses)
    .where(
      and(
        eq(storedResponses.id, id),
        eq(storedResponses.api_key_id, apiKeyId),
        gt(storedResponses.expires_at, sql`now()`),
      ),
    );
  return row ?? null;
}

/** True when the key's unexpired response existed and is now gone. */
export async function deleteStoredResponse(
  database: Database,
  apiKeyId: string,
  id: string,
): Promise<boolean> {
  const deleted = await database.db
    .delete(storedResponses)
    .where(
      and(
        eq(storedResponses.id, id),
        eq(storedResponses.api_key_id, apiKeyId),
        gt(storedResponses.expires_at, sql`now()`),
      ),
    )
    .returning({ id: storedResponses.id });
  return deleted.length > 0;
}

/** Removes expired rows; returns how many. Run it now and then (start-up, a timer). */
export async function deleteExpiredStoredResponses(database: Database): Promise<number> {
  const deleted = await database.db
    .delete(storedResponses)
    .where(lte(storedResponses.expires_at, sql`now()`))
    .returning({ id: storedResponses.id });
  return deleted.length;
}
