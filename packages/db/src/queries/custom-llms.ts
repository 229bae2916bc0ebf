import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { type CustomLlmRow, customLlm2, type JsonObject } from '../schema';

export type UpsertCustomLlmInput = {
  publicId: string;
  definition: JsonObject;
  /** The app's envelope-encrypted secrets blob, or null when the definition has no secrets. */
  encryptedSecrets: JsonObject | null;
};

export type UpsertCustomLlmResult = { created: boolean; row: CustomLlmRow };

export async function listCustomLlms(database: Database): Promise<CustomLlmRow[]> {
  return database.db.select().from(customLlm2).orderBy(asc(customLlm2.public_id));
}

export async function getCustomLlm(database: Database, publicId: string): Promise<CustomLlmRow | null> {
  const [row] = await database.db.select().from(customLlm2).where(eq(customLlm2.public_id, publicId));
  return row ?? null;
}

/**
 * Inserts or replaces a definition in one statement. `created` comes from `xmax = 0`: a row
 * version written by INSERT has no deleting transaction, one written by the DO UPDATE branch has
 * (https://www.postgresql.org/docs/current/ddl-system-columns.html).
 */
export async function upsertCustomLlm(
  database: Database,
  input: UpsertCustomLlmInput,
): Promise<UpsertCustomLlmResult> {
  return database.writeWithNotice(
    async (transaction) => {
      const [returned] = await transaction
        .insert(customLlm2)
        .values({
          public_id: input.publicId,
          definition: input.definition,
          encrypted_secrets: input.encryptedSecrets,
        })
        .onConflictDoUpdate({
          target: customLlm2.public_id,
          set: {
            definition: sql`excluded.definition`,
            encrypted_secrets: sql`excluded.encrypted_secrets`,
            updated_at: sql`now()`,
          },
        })
        .returning({ ...getTableColumns(customLlm2), created: sql<boolean>`(xmax = 0)` });
      if (!returned) throw new Error('upsert returned no row');
      const { created, ...row } = returned;
      return { created: created === true, row };
    },
    () => ({ table: 'custom_llm2', key: input.publicId }),
  );
}

/** Returns false when there was no such definition. */
export async function deleteCustomLlm(database: Database, publicId: string): Promise<boolean> {
  return database.writeWithNotice(
    async (transaction) => {
      const deleted = await transaction
        .delete(customLlm2)
        .where(eq(customLlm2.public_id, publicId))
        .returning({ public_id: customLlm2.public_id });
      return deleted.length > 0;
    },
    (deleted) => (deleted ? { table: 'custom_llm2', key: publicId } : null),
  );
}
